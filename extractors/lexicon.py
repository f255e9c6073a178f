"""Curated lexicons of known names (data files) and their spaCy PhraseMatcher.

Every ``*.jsonl`` file in ``extractors/lexicons/`` is read, plus any file the user passes.
One JSON object a line: ``{"name", "type", "aliases": [...]}`` with optional ``family``,
``case_sensitive``, ``context: "needs_context"`` and ``alt_types``. Aliases that look like
acronyms or mixed-case names (``MMLU``, ``GPT-4``, ``ToMi``) are matched case-sensitively so
that "art" is not ART; plain words and phrases are matched on lower case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.errors import KgError
from kg.normalize import normalize_name
from kg.types import EntityType

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
_TYPES = {t.value: t for t in EntityType}
_INNER_UPPER = re.compile(r"\w[A-Z]|^[A-Z]{2}|\d")
_MEMO_SIZE = 200_000


class LexiconError(KgError):
    """A lexicon file that cannot be read, named by file and line."""


@dataclass(frozen=True)
class LexiconEntry:
    """One known thing: canonical name, type, every alias, and how to match it."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    family: str | None = None
    case_sensitive: bool = False
    needs_context: bool = False
    alt_types: tuple[EntityType, ...] = ()
    source: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """The name and its aliases, without duplicates."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))


def looks_case_sensitive(alias: str) -> bool:
    """Whether ``alias`` must match with its exact case (acronyms, CamelCase, short tokens).

    >>> looks_case_sensitive("MMLU"), looks_case_sensitive("ToMi"), looks_case_sensitive("exact match")
    (True, True, False)
    """
    if len(alias) <= 3:
        return True
    return bool(_INNER_UPPER.search(alias)) and alias.lower() != alias


class Lexicon:
    """Entries indexed by normalised alias, with the plural-folded key as a fallback."""

    def __init__(self, entries: Sequence[LexiconEntry]) -> None:
        self.entries = tuple(entries)
        self._by_key: dict[str, LexiconEntry] = {}
        self._memo: dict[str, LexiconEntry | None] = {}  # lookup() results; entries never change
        for entry in self.entries:
            for form in entry.forms:
                key = normalize_name(form)
                if key:
                    self._by_key.setdefault(key, entry)
        self.model_families = self._families()

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, text: str) -> LexiconEntry | None:
        """The entry whose name or alias normalises like ``text`` (plurals folded), or None."""
        try:
            return self._memo[text]
        except KeyError:
            pass
        entry = self._lookup(text)
        if len(self._memo) < _MEMO_SIZE:
            self._memo[text] = entry
        return entry

    def _lookup(self, text: str) -> LexiconEntry | None:
        key = normalize_name(text)
        entry = self._by_key.get(key)
        if entry is None and key.endswith("s") and len(key) > 3:
            entry = self._by_key.get(key[:-1])
        if entry is None and key.endswith("es") and len(key) > 4:
            entry = self._by_key.get(key[:-2])
        return entry

    def _families(self) -> frozenset[str]:
        stems = set()
        for entry in self.entries:
            if entry.type is not EntityType.MODEL:
                continue
            for form in (*entry.forms, entry.family or ""):
                match = re.match(r"[A-Za-z]+(?:-[A-Za-z]+)*", form)
                if match and len(match.group()) >= 2:
                    stems.add(match.group().lower())
                if re.fullmatch(r"[A-Za-z]+\d+", form):
                    stems.add(form.lower())  # "T5", "mT5": a family whose checkpoints are sized in words ("T5-XL")
        return frozenset(stems)


def _parse_types(value, where: str) -> tuple[EntityType, ...]:
    out = []
    for item in value or ():
        if item not in _TYPES:
            raise LexiconError(f"{where}: unknown type {item!r} (expected one of {', '.join(_TYPES)})")
        out.append(_TYPES[item])
    return tuple(out)


def read_lexicon_file(path: Path | str) -> list[LexiconEntry]:
    """Entries of one lexicon file.

    Raises:
        LexiconError: for a line that is not a valid entry (file and line in the message).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon ({exc.strerror or exc})") from exc
    entries = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LexiconError(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict) or not isinstance(record.get("name"), str) or not record["name"].strip():
            raise LexiconError(f"{where}: expected an object with a non-empty 'name'")
        if record.get("type") not in _TYPES:
            raise LexiconError(f"{where}: unknown type {record.get('type')!r} (expected one of {', '.join(_TYPES)})")
        aliases = record.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise LexiconError(f"{where}: 'aliases' must be a list of strings")
        entries.append(
            LexiconEntry(
                name=record["name"].strip(),
                type=_TYPES[record["type"]],
                aliases=tuple(a.strip() for a in aliases if a.strip()),
                family=record.get("family"),
                case_sensitive=bool(record.get("case_sensitive", False)),
                needs_context=record.get("context") == "needs_context",
                alt_types=_parse_types(record.get("alt_types"), where),
                source=where,
            )
        )
    return entries


def default_lexicon_paths() -> list[Path]:
    """The lexicon files shipped with the package, sorted by name."""
    return sorted(LEXICON_DIR.glob("*.jsonl"))


def load_lexicon(extra_paths: Iterable[Path | str] = (), include_default: bool = True) -> Lexicon:
    """The shipped lexicons plus ``extra_paths`` (user entries win on conflicting aliases)."""
    entries: list[LexiconEntry] = []
    for path in extra_paths:
        entries.extend(read_lexicon_file(path))
    if include_default:
        for path in default_lexicon_paths():
            entries.extend(read_lexicon_file(path))
    return Lexicon(entries)


@dataclass(frozen=True)
class LexiconHit:
    """A lexicon match: character span in the doc's text and the entry it names."""

    start: int
    end: int
    entry: LexiconEntry


class LexiconMatcher:
    """Thin wrapper of two PhraseMatchers (exact case and lower case) over one lexicon."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon, make_doc) -> None:
        self.lexicon = lexicon
        self._exact = PhraseMatcher(vocab, attr="ORTH")
        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._entries: list[LexiconEntry] = []
        self._by_match_id: dict[int, LexiconEntry] = {}
        exact: dict[int, list[Doc]] = {}
        lower: dict[int, list[Doc]] = {}
        seen: set[tuple[str, bool]] = set()
        for index, entry in enumerate(lexicon.entries):
            self._entries.append(entry)
            for form in entry.forms:
                if "(" in form or ")" in form:
                    continue  # "chain-of-thought (CoT)": acronym definitions are found by extractors.acronyms
                variants = [form]
                if form[-1].isalpha() and not form.endswith("s") and entry.type in (EntityType.MODEL, EntityType.METHOD, EntityType.METRIC):
                    variants.append(form + "s")
                if not form.isascii() and form.upper() != form and (entry.case_sensitive or looks_case_sensitive(form)):
                    variants.append(form.upper())  # "TÜLU 2" for "Tülu 2": small caps written out, as papers do
                for variant in variants:
                    sensitive = entry.case_sensitive or looks_case_sensitive(variant)
                    mark = (variant if sensitive else variant.lower(), sensitive)
                    if mark in seen:
                        continue
                    seen.add(mark)
                    (exact if sensitive else lower).setdefault(index, []).append(make_doc(variant))
        for index, docs in exact.items():
            self._exact.add(str(index), docs)
        for index, docs in lower.items():
            self._lower.add(str(index), docs)

    def __call__(self, doc: Doc) -> list[LexiconHit]:
        """Every match in ``doc`` (overlaps included; the pipeline picks among them)."""
        hits = []
        by_id = self._by_match_id
        for matcher in (self._exact, self._lower):
            for match_id, start, end in matcher(doc):
                entry = by_id.get(match_id)
                if entry is None:
                    entry = by_id[match_id] = self._entries[int(doc.vocab.strings[match_id])]
                last = doc[end - 1]  # character offsets as Span.start_char / end_char give them
                hits.append(LexiconHit(doc[start].idx, last.idx + len(last), entry))
        return hits
