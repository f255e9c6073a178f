"""What a paper does with a name: introduces it, uses it, or only mentions it.

Read off the evidence sentence with weighted cues (``patterns/roles.tsv``): first person and
reported numbers ("we evaluate on", "achieves 87.8% on", "trained on", "sourced from") count
for use; examples, background and contrast ("benchmarks like X have played a pivotal role",
"e.g., X", "existing datasets such as X", "unlike X") count for a mere mention; "we
introduce/construct X" marks the paper's own thing. A mention is "mentions" only when its
mention cues outweigh its use cues, so an unmarked list stays a use. An entity's role is the
strongest over its mentions: one sentence that uses a benchmark makes the paper a user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.types import Entity, Mention, Role

PATTERN_FILE = Path(__file__).parent / "patterns" / "roles.tsv"

#: How much of the sentence before (after) a name its ``before`` (``after``) cues look at.
BEFORE_CHARS = 80
AFTER_CHARS = 60

#: Words that, between an introducing verb and a name, mean the name is not the verb's object.
_NOT_OBJECT = re.compile(r"\b(?:on|for|to|in|from|of|with|than|over|by|at|against|using|into)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """One line of ``roles.tsv``: a kind (use, mention, intro), its weight, where it looks, its pattern."""

    kind: str
    weight: int
    scope: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=None)
def load_cues(path: Path = PATTERN_FILE) -> tuple[Cue, ...]:
    """The cues of a roles file (tab-separated: kind, weight, scope, pattern; ``#`` comments)."""
    cues = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, weight, scope, pattern = line.split("\t", 3)
        if kind not in ("use", "mention", "intro") or scope not in ("before", "after", "sentence"):
            raise ValueError(f"{path}: bad cue line {line!r}")
        cues.append(Cue(kind, int(weight), scope, re.compile(pattern, re.IGNORECASE)))
    return tuple(cues)


def sentence_role(sentence: str, start: int, end: int, cues: Sequence[Cue] | None = None) -> Role:
    """The role a sentence gives the name at ``sentence[start:end]``.

    >>> sentence_role("Benchmarks like MMLU have played a pivotal role.", 16, 20).value
    'mentions'
    >>> sentence_role("We evaluate on MMLU and report 71.2% accuracy.", 15, 19).value
    'uses'
    >>> sentence_role("We introduce WildBench, a benchmark of real user tasks.", 13, 22).value
    'introduces'
    """
    cues = load_cues() if cues is None else cues
    before = sentence[max(0, start - BEFORE_CHARS) : start]
    after = sentence[end : end + AFTER_CHARS]
    texts = {"before": before, "after": after, "sentence": sentence}
    score = {"use": 0, "mention": 0}
    for cue in cues:
        match = cue.pattern.search(texts[cue.scope])
        if match is None:
            continue
        if cue.kind == "intro":
            if not _NOT_OBJECT.search(_gap(match)):
                return Role.INTRODUCES
            continue
        score[cue.kind] += cue.weight
    return Role.MENTIONS if score["mention"] > score["use"] else Role.USES


def _gap(match: re.Match[str]) -> str:
    """The words an intro cue let through between its verb and the name."""
    verb = re.search(r"(?:propose|introduce|present|construct|create|creating|constructing|curate|release|develop|contribute|created|constructed|collected|introduced)s?\b", match.group(0), re.IGNORECASE)
    return match.group(0)[verb.end() :] if verb else ""


def mention_role(mention: Mention, text: str = "") -> Role:
    """The role of one mention, from its evidence sentence (an introducing mention introduces).

    ``text`` is the field the mention is in (its title or abstract), which places the mention
    in its sentence exactly; without it the first occurrence of its text is taken.
    """
    if mention.introduced:
        return Role.INTRODUCES
    sentence = mention.sentence
    if not sentence:
        return Role.USES
    start = -1
    if text:
        begin = text.rfind(sentence, 0, mention.start + len(sentence))
        if begin >= 0 and begin <= mention.start <= begin + len(sentence):
            start = mention.start - begin
    if start < 0:
        start = sentence.find(mention.text)
    if start < 0:
        return Role.USES
    return sentence_role(sentence, start, start + len(mention.text))


#: Strongest first: the role an entity takes when its mentions disagree.
_STRENGTH = {Role.INTRODUCES: 0, Role.USES: 1, Role.MENTIONS: 2}


def entity_role(entity: Entity, texts: Mapping[str, str] | None = None) -> tuple[Role, Mention | None]:
    """An entity's role in its paper and the mention that shows it (the first of the strongest role).

    ``texts`` maps a field name ("title", "abstract") to its text (see :func:`mention_role`).
    Mentions sharing one sentence are judged once, at the first of them.
    """
    texts = texts or {}
    if entity.introduced:
        introducing = next((m for m in entity.mentions if m.introduced), entity.mentions[0] if entity.mentions else None)
        return Role.INTRODUCES, introducing
    best: tuple[Role, Mention | None] = (Role.USES, entity.mentions[0] if entity.mentions else None)
    seen: set[str] = set()
    roles = []
    for mention in entity.mentions:
        if mention.sentence in seen:
            continue
        seen.add(mention.sentence)
        roles.append((mention_role(mention, texts.get(mention.field, "")), mention))
    if roles:
        best = min(roles, key=lambda rm: _STRENGTH[rm[0]])
    return best
