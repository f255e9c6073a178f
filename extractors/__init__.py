"""Extractors: each module finds one kind of mention in a paper's title and abstract.

``extractors.pipeline`` composes them; ``extractors.resolve`` turns mentions into
entities; ``extractors.triples`` turns entities into typed triples.
"""
