"""The base of every user-facing error; the CLI prints these as one-line messages."""

from __future__ import annotations


class KgError(Exception):
    """A user mistake or bad input (not a bug): shown as its message, without a traceback."""


class GraphFileError(KgError):
    """The graph is missing, unreadable, or not a graph of a version we read."""
