"""Streaming, safe XML parsing shared by the XML readers (arXiv API Atom, OAI-PMH).

The file is fed to ``defusedxml``'s parser in 64 KB chunks: entity declarations
(XML bombs) and external references are refused, and a parser *target* turns each
record into a small object as soon as it ends, so memory stays flat however long
the file is. Errors become one :class:`~kg.types.ReadProblem` with the line.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from typing import Any, Protocol
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from kg.readers.textio import TextFile
from kg.types import ReadProblem

CHUNK_BYTES = 1 << 16


class Target(Protocol):
    """An ElementTree parser target that queues finished records in ``done``."""

    parser: DefusedXMLParser | None
    done: deque[Any]


def current_line(target: Target) -> int:
    """The line the parser is at (where the element just started), or 0."""
    return target.parser.parser.CurrentLineNumber if target.parser is not None else 0


def stream_xml(file: TextFile, source: str, target: Target) -> Iterator[Any]:
    """Parse ``file`` with ``target``, yielding each item it queues as soon as it is queued.

    A parse error or refused construct ends the stream with one :class:`ReadProblem`
    (records before it are kept).
    """
    parser = DefusedXMLParser(target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    target.parser = parser
    try:
        with file.path.open("rb") as stream:
            while chunk := stream.read(CHUNK_BYTES):
                parser.feed(chunk)
                while target.done:
                    yield target.done.popleft()
            parser.close()
    except DefusedXmlException as exc:
        while target.done:
            yield target.done.popleft()
        yield ReadProblem(
            source,
            parser.parser.CurrentLineNumber,
            f"refused unsafe XML ({type(exc).__name__}): entity declarations and external references are not allowed",
        )
        return
    except ParseError as exc:
        while target.done:
            yield target.done.popleft()
        line, column = getattr(exc, "position", None) or (0, 0)
        reason = re.sub(r": line \d+, column \d+$", "", str(exc))
        yield ReadProblem(source, line, f"invalid XML: {reason} (column {column + 1})")
        return
    while target.done:
        yield target.done.popleft()


class SubtreeCollector:
    """A parser target that builds an :class:`Element` for each element named in ``tags``, and nothing else.

    Queues ``(line, element)`` when such an element ends; the rest of the document
    passes through without being kept. ``root`` is the document's root tag.
    """

    def __init__(self, tags: set[str]) -> None:
        self.tags = tags
        self.parser: DefusedXMLParser | None = None
        self.done: deque[tuple[int, Element]] = deque()
        self.root: str | None = None
        self._builder: TreeBuilder | None = None
        self._depth = 0
        self._line = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if self.root is None:
            self.root = tag
        if self._builder is None:
            if tag not in self.tags:
                return
            self._builder, self._depth, self._line = TreeBuilder(), 0, current_line(self)
        self._depth += 1
        self._builder.start(tag, attrib)

    def data(self, text: str) -> None:
        if self._builder is not None:
            self._builder.data(text)

    def end(self, tag: str) -> None:
        if self._builder is None:
            return
        self._builder.end(tag)
        self._depth -= 1
        if self._depth == 0:
            self.done.append((self._line, self._builder.close()))
            self._builder = None

    def close(self) -> None:
        return None
