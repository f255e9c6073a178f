"""Statistical NER: names of methods, benchmarks, metrics and tasks the lexicons and patterns miss.

The model is a small spaCy pipeline (hash-embedding CNN + transition-based NER)
trained from ``spacy.blank("en")`` on SciERC and SciREX abstracts, filtered
towards names; it ships in ``extractors/ner_model`` and is rebuilt with
``python -m extractors.ner_train``. It is loaded once, lazily, with no network.
Its mentions carry ``extractor="ner"`` and a confidence equal to the precision of
the predicted type on the training run's dev set (SciERC dev, names-only gold;
recorded in the model's ``meta.json``), so downstream typing and filtering can
weigh them against rules. Spans are trimmed of edge punctuation, function words
and possessives, and in Title Case text only spans shaped like names are kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from kg.types import EntityType, Mention

MODEL_DIR = Path(__file__).resolve().parent / "ner_model"
EXTRACTOR = "ner"
DEFAULT_CONFIDENCE = 0.5
_MIN_CONFIDENCE, _MAX_CONFIDENCE = 0.3, 0.9
_OPEN, _CLOSE = "([{", ")]}"
_EDGE_JUNK = " \t\n,;:.!?\"'“”‘’-–—"
_EDGE_WORDS = re.compile(r"^(?:(?:the|a|an|of|and|or|for|with|in|on|to|by)\s+)+|(?:\s+(?:the|a|an|of|and|or|for|with|in|on|to|by))+$", re.I)


@functools.lru_cache(maxsize=1)
def _load():
    """The shipped pipeline, loaded once (raises OSError when it is missing)."""
    import spacy

    return spacy.load(MODEL_DIR)


def ner_available() -> bool:
    """Whether the shipped NER model is present and loads."""
    if not (MODEL_DIR / "config.cfg").is_file():
        return False
    try:
        _load()
    except (OSError, ValueError, ImportError):
        return False
    return True


@functools.lru_cache(maxsize=1)
def _confidences() -> dict[str, float]:
    """Per-type confidence: the model's dev precision for that type, kept within [0.3, 0.9]."""
    per_type = (_load().meta.get("performance") or {}).get("ents_per_type") or {}
    return {
        label: min(_MAX_CONFIDENCE, max(_MIN_CONFIDENCE, float(scores.get("p", DEFAULT_CONFIDENCE))))
        for label, scores in per_type.items()
    }


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``text[start:end]`` past edge punctuation, function words, "'s" and unbalanced brackets.

    >>> s = "the DQN) agent"
    >>> start, end = trim_span(s, 4, 8)
    >>> s[start:end]
    'DQN'
    >>> s = "Bradley-Terry (BT) model"
    >>> s[slice(*trim_span(s, 0, 18))]
    'Bradley-Terry (BT)'
    """
    while True:
        edge = _EDGE_WORDS.search(text, start, end)
        while edge is not None and edge.end() > edge.start():
            start, end = (edge.end(), end) if edge.start() == start else (start, edge.start())
            edge = _EDGE_WORDS.search(text, start, end)
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
        if text[start:end].endswith(("'s", "’s")):
            end -= 2
            continue
        piece = text[start:end]
        if piece[-1:] in _OPEN or (piece[:1] in _OPEN and _balance(piece) > 0):
            end, start = (end - 1, start) if piece[-1:] in _OPEN else (end, start + 1)
        elif piece[:1] in _CLOSE or (piece[-1:] in _CLOSE and _balance(piece) < 0):
            end, start = (end, start + 1) if piece[:1] in _CLOSE else (end - 1, start)
        else:
            return start, end


def is_title_case(text: str) -> bool:
    """Whether most words of ``text`` are capitalised, as in "Exploring Full Ranking with LLMs".

    In such text capitals do not mark names, and the model (trained mostly on
    sentence-case abstracts) would take many title words for names.

    >>> is_title_case("Exploring Full Ranking with Long-Context Large Language Models")
    True
    >>> is_title_case("Self-Instruct: aligning language models with self-generated instructions")
    False
    """
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def has_name_shape(surface: str) -> bool:
    """Whether a span has a digit or an upper-case letter inside a word ("FLAMe", "GPT-4", "DWRL").

    >>> has_name_shape("Near-Million-Scale Haystacks"), has_name_shape("X^2-Retrieval")
    (False, True)
    """
    return any(c.isdigit() for c in surface) or any(
        c.isupper() for word in re.split(r"[\s\-/:]+", surface) for c in word[1:]
    )


def _clean(surface: str) -> bool:
    """Whether a trimmed span can be a name: has a letter or digit, well-nested brackets, no markup."""
    if not any(c.isalnum() for c in surface) or "\\" in surface:
        return False
    depth = 0
    for char in surface:
        depth += (char in _OPEN) - (char in _CLOSE)
        if depth < 0:
            return False
    return depth == 0


def _balance(piece: str) -> int:
    return sum(piece.count(c) for c in _OPEN) - sum(piece.count(c) for c in _CLOSE)


def _mentions(doc, field: str) -> list[Mention]:
    confidence = _confidences()
    text = doc.text
    title_case = is_title_case(text)
    found = []
    for ent in doc.ents:
        try:
            kind = EntityType(ent.label_)
        except ValueError:
            continue
        start, end = trim_span(text, ent.start_char, ent.end_char)
        if not _clean(text[start:end]):
            continue
        if title_case and not has_name_shape(text[start:end]):
            continue  # in Title Case text only internal capitals or digits mark a name
        sentence = ent.sent.text if doc.has_annotation("SENT_START") else text
        found.append(
            Mention(
                text=text[start:end],
                field=field,
                start=start,
                end=end,
                type=kind,
                extractor=EXTRACTOR,
                confidence=confidence.get(ent.label_, DEFAULT_CONFIDENCE),
                sentence=sentence.strip(),
            )
        )
    return found


def find_ner_mentions(text: str, field: str) -> list[Mention]:
    """Mentions the NER model finds in one title or abstract; offsets index ``text``.

    Args:
        text: the field's text.
        field: ``"title"`` or ``"abstract"``, copied into each mention.
    """
    return find_ner_mentions_batch([text], field)[0]


def find_ner_mentions_batch(texts: Iterable[str], field: str, batch_size: int = 64) -> list[list[Mention]]:
    """Like :func:`find_ner_mentions` for many texts at once (``nlp.pipe``), in input order."""
    texts = list(texts)
    if not any(t.strip() for t in texts):
        return [[] for _ in texts]
    nlp = _load()
    return [_mentions(doc, field) for doc in nlp.pipe(texts, batch_size=batch_size)]
