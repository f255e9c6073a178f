"""Training of the shipped NER model: corpus conversion (``prepare``), config, and CLI.

``python -m extractors.ner_train --data ../shared/data --out extractors/ner_model``
reproduces ``extractors/ner_model`` (fixed seed, CPU).
"""
