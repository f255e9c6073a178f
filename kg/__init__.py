"""ml-kg: a knowledge graph of machine-learning research built from paper listings."""

__version__ = "0.1.0"
