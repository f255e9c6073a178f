"""What a paper does with a name: introduces it, uses it, or only mentions it.

Read off the evidence sentence with weighted cues (``patterns/roles.tsv``): first person and
reported numbers ("we evaluate on", "achieves 87.8% on", "trained on", "sourced from") count
for use; examples, background and contrast ("benchmarks like X have played a pivotal role",
"e.g., X", "existing datasets such as X", "unlike X") count for a mere mention; "we
introduce/construct X" and its other English shapes ("a model called/dubbed X", "X, our new
benchmark", "the resulting model, X", "we release: (1) X", a title "X: ...") mark the paper's
own thing. A mention is "mentions" only when its mention cues outweigh its use cues, so an
unmarked list stays a use. An entity's role is the strongest over its mentions: one sentence
that uses a benchmark makes the paper a user.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.types import Entity, EntityType, Mention, Role

PATTERN_FILE = Path(__file__).parent / "patterns" / "roles.tsv"

#: How much of the sentence before (after) a name its ``before`` (``after``) cues look at.
BEFORE_CHARS = 80
AFTER_CHARS = 60

#: Words that, between an introducing verb and a name, mean the name is not the verb's object
#: (whole words: the "to" of "easy-to-use" is no preposition).
_NOT_OBJECT = re.compile(
    r"(?<![\w-])(?:on|for|to|in|from|of|with|than|over|by|at|against|using|into|via|through|across|between|under|as"
    r"|like|that|which|who|whose|where|when|while|improves?|outperforms?|achieves?|enables?|allows?|helps?)(?![\w-])",
    re.IGNORECASE,
)

#: In a gap, a name already given its apposition ("OLMoE, a fully open model leveraging"): what
#: follows describes that name and introduces nothing.
_APPOSED = re.compile(r",\s+(?:a|an|the)\s", re.IGNORECASE)

#: A name used as a modifier: glued to a suffix ("RAG-specific", "GPT-4-based") or, after an
#: indefinite description ("a novel", "the first"), followed by a head noun ("Transformer architecture");
#: "our proposed SMITH model" names the paper's own model.
_GLUED_AFTER = re.compile(r"^-[a-z]")
_HEAD_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:architecture|framework|model|system|method|approach|algorithm|formulation|technique|module"
    r"|objective|paradigm|pipeline|strategy|procedure|policy|agent|variant|backbone|encoder|decoder|mechanism|loss"
    r"|benchmark|dataset|task|scenario)s?\b",
    re.IGNORECASE,
)
_DESCRIPTION_BEFORE = re.compile(r"(?<![\w-])(?:a|an|the first)\s+(?!resulting\b)(?:[\w-]+,?\s+){0,4}$", re.IGNORECASE)

#: A coined name has a capital letter or a digit ("TÜLU 2", "PF-PPO"); "reward hacking" is a phrase.
_COINED = re.compile(r"[A-Z0-9]")

#: A Title-Case long form right before the parenthesis of its acronym ("Thinking for Doing (").
_LONG_FORM = re.compile(r"[A-Z][\w-]*(?:\s+(?:(?:for|of|with|in|on|to|and|the|a|an)\s+)?[A-Z][\w-]*)*\s*\(\s*$")

#: A title whose head is a name ("SuRe: Summarizing ...", "SILO Language Models: ...") names the
#: paper's own thing; after the name the head may hold only an acronym and a generic head noun.
_TITLE_HEAD_REST = re.compile(
    r"\s*(?:\([^()]{1,30}\)\s*)?(?:(?:Large\s+)?(?:Language\s+)?(?:Models?|LLMs?|Benchmark|Dataset|Corpus|Suite|Arena"
    r"|Framework|Encoder|Network|Competition|Challenge|Library|Toolkit|Agents?|Family))?\s*$"
)
#: A title head names a new Benchmark or Model; a Method only when coined ("SuRe", "XL3M", "... (RLP)"),
#: since "Reinforcement Learning: An Introduction" is about a method, not a new one.
_TITLE_TYPES = (EntityType.BENCHMARK, EntityType.MODEL, EntityType.METHOD)
_CODED = re.compile(r"[a-z][A-Z]|\d|\b[A-Z]{2,}|\([A-Z][\w-]*\)")
_FIRST_PERSON = re.compile(r"\b(?:we|our|this (?:paper|work|study))\b", re.IGNORECASE)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per line of the file
class Cue:
    """One line of ``roles.tsv``: a kind (use, mention, intro, introname, notintro), its weight, where it looks, its pattern.

    ``needs``: words one of which every match of the pattern contains (lower case; None when
    the pattern promises none), so a scope without any of them is passed over unsearched.
    """

    kind: str
    weight: int
    scope: str
    pattern: re.Pattern[str]
    needs: frozenset[str] | None = None

    def search(self, text: str, folded: str) -> re.Match[str] | None:
        """The pattern's first match in ``text`` (``folded``: the same text through :func:`fold`)."""
        if self.needs is not None and not any(word in folded for word in self.needs):
            return None
        return self.pattern.search(text)


@lru_cache(maxsize=None)
def load_cues(path: Path = PATTERN_FILE) -> tuple[Cue, ...]:
    """The cues of a roles file (tab-separated: kind, weight, scope, pattern; ``#`` comments)."""
    cues = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, weight, scope, pattern = line.split("\t", 3)
        if kind not in ("use", "mention", "intro", "introname", "notintro") or scope not in ("before", "after", "prefix", "sentence"):
            raise ValueError(f"{path}: bad cue line {line!r}")
        compiled = re.compile(pattern, re.IGNORECASE)
        cues.append(Cue(kind, int(weight), scope, compiled, required_words(compiled)))
    return tuple(cues)


#: The non-ASCII letters that a case-insensitive pattern matches to an ASCII one and ``str.lower`` does not lower to it.
_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold(text: str) -> str:
    """``text`` in lower case, each character where it was (what :attr:`Cue.needs` is looked for in).

    >>> fold("We ſtudy İt")
    'we study it'
    """
    return text.translate(_FOLDS).lower()


def required_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    r"""ASCII strings one of which every match of the case-insensitive ``pattern`` contains, or None.

    Read off the parsed pattern: its runs of literal characters, alternatives giving one
    string each. None when the pattern is not case-insensitive or promises no literal.

    >>> sorted(required_words(re.compile(r"\b(?:such as|like)\s+\d", re.I)))
    ['like', 'such as']
    """
    if not pattern.flags & re.IGNORECASE:
        return None
    try:
        from re import _parser  # noqa: PLC0415 - the standard parser; a Python without it just gets no gates

        return _needed(list(_parser.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - an unreadable parse only costs the speed-up
        return None


def _needed(items: list) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` contains (the longest promise), or None."""
    from re import _constants as sre  # noqa: PLC0415

    promises: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            promises.append(frozenset(["".join(run)]))
            run.clear()

    for op, arg in items:
        if op is sre.LITERAL and arg < 128:
            run.append(chr(arg).lower())
            continue
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: the literals on either side stay adjacent
        close_run()
        found = None
        if op is sre.SUBPATTERN and not arg[1] and not arg[2]:  # a group that changes no flags
            found = _needed(list(arg[3]))
        elif op is sre.BRANCH:
            branches = [_needed(list(branch)) for branch in arg[1]]
            if all(branches):
                found = frozenset().union(*branches)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)) and arg[0] >= 1:
            found = _needed(list(arg[2]))
        if found:
            promises.append(found)
    close_run()
    promises = [p for p in promises if "" not in p]
    return max(promises, key=lambda p: (min(map(len, p)), -len(p)), default=None)


@dataclass(frozen=True, eq=False)  # hashed by identity: a sentence view is kept per (sentence, judge)
class _Judge:
    """The cues of one roles file grouped the way :func:`sentence_role` uses them."""

    intros: tuple[Cue, ...]  # intro and introname cues, in file order
    mentions: tuple[Cue, ...]  # mention cues that look around the name
    uses: tuple[Cue, ...]  # use cues that look around the name
    sentence_mentions: tuple[Cue, ...]  # mention cues over the whole sentence (judged once per sentence)
    sentence_uses: tuple[Cue, ...]
    ungated: frozenset[Cue]  # cues that promise no word: always possible
    gated: tuple[Cue, ...]  # the others
    words: tuple[str, ...]  # every word the gated cues require

    def possible(self, folded: str) -> frozenset[Cue]:
        """The cues a sentence (``folded``) leaves possible: those with a required word in it, and the ungated."""
        present = {word for word in self.words if word in folded}
        return self.ungated.union(c for c in self.gated if not present.isdisjoint(c.needs))


@dataclass(frozen=True)
class _SentenceView:
    """What a sentence's names share: its whole-sentence weights, and the cues its words leave possible."""

    mention: int
    use: int
    possible: frozenset[Cue]  # the cues whose required words the sentence has (a name's scopes are parts of it)


@lru_cache(maxsize=8)
def _judge(cues: tuple[Cue, ...]) -> _Judge:
    def pick(kinds: tuple[str, ...], whole: bool | None = None) -> tuple[Cue, ...]:
        return tuple(c for c in cues if c.kind in kinds and (whole is None or (c.scope == "sentence") == whole))

    judged = pick(("intro", "introname", "mention", "use"))
    gated = tuple(c for c in judged if c.needs is not None)
    return _Judge(
        intros=pick(("intro", "introname")),
        mentions=pick(("mention",), False),
        uses=pick(("use",), False),
        sentence_mentions=pick(("mention",), True),
        sentence_uses=pick(("use",), True),
        ungated=frozenset(c for c in judged if c.needs is None),
        gated=gated,
        words=tuple(sorted({word for c in gated for word in c.needs})),
    )


def sentence_role(sentence: str, start: int, end: int, cues: Sequence[Cue] | None = None) -> Role:
    """The role a sentence gives the name at ``sentence[start:end]``.

    >>> sentence_role("Benchmarks like MMLU have played a pivotal role.", 16, 20).value
    'mentions'
    >>> sentence_role("We evaluate on MMLU and report 71.2% accuracy.", 15, 19).value
    'uses'
    >>> sentence_role("We introduce WildBench, a benchmark of real user tasks.", 13, 22).value
    'introduces'

    The first intro cue that holds makes it "introduces"; else it is "mentions" when the
    mention weights outweigh the use weights. A sentence is read once for all its names
    (:class:`_SentenceView`), and use cues are weighed only while they could still matter.
    """
    judge = _default_judge() if cues is None else _judge(tuple(cues))
    view = _sentence_view(sentence, judge)
    possible = view.possible
    texts = _scopes(sentence, start, end)
    modifier = _is_modifier(texts["before"], texts["after"])
    coined = bool(_COINED.search(sentence[start:end]))
    for cue in judge.intros:
        match = cue.pattern.search(texts[cue.scope]) if cue in possible else None
        if match is None:
            continue
        gap = _gap(match)
        if not (modifier or _NOT_OBJECT.search(gap) or _APPOSED.search(gap) or (cue.kind == "introname" and not coined)):
            return Role.INTRODUCES
    mention = view.mention + sum(c.weight for c in judge.mentions if c in possible and c.pattern.search(texts[c.scope]))
    use = view.use
    for cue in judge.uses:
        if use >= mention:
            break
        if cue in possible and cue.pattern.search(texts[cue.scope]):
            use += cue.weight
    return Role.MENTIONS if mention > use else Role.USES


def _default_judge() -> _Judge:
    """The judge of the shipped roles file."""
    return _judge(load_cues())


def _sentence_view(sentence: str, judge: _Judge) -> _SentenceView:
    """The :class:`_SentenceView` of ``sentence`` under ``judge`` (the last few thousand kept: a paper's names share them)."""
    key = (sentence, judge)
    view = _SENTENCE_VIEWS.get(key)
    if view is None:
        if len(_SENTENCE_VIEWS) >= 4096:
            _SENTENCE_VIEWS.clear()
        possible = judge.possible(fold(sentence))
        view = _SENTENCE_VIEWS[key] = _SentenceView(
            mention=sum(c.weight for c in judge.sentence_mentions if c in possible and c.pattern.search(sentence)),
            use=sum(c.weight for c in judge.sentence_uses if c in possible and c.pattern.search(sentence)),
            possible=possible,
        )
    return view


_SENTENCE_VIEWS: dict[tuple[str, _Judge], _SentenceView] = {}


def _scopes(sentence: str, start: int, end: int) -> dict[str, str]:
    """The texts a cue can look at around the name at ``sentence[start:end]``, by scope."""
    return {
        "before": sentence[max(0, start - BEFORE_CHARS) : start],
        "after": sentence[end : end + AFTER_CHARS],
        "prefix": sentence[:start],
        "sentence": sentence,
    }


def _is_modifier(before: str, after: str) -> bool:
    """Whether the name only qualifies the noun after it ("a novel Transformer architecture", "RAG-specific")."""
    return bool(_GLUED_AFTER.match(after) or (_HEAD_AFTER.match(after) and _DESCRIPTION_BEFORE.search(before)))


def _gap(match: re.Match[str]) -> str:
    """The words an intro cue let through before the name (its ``gap`` group), less a long form before it.

    In "Thinking for Doing (T4D)" the "for" is part of the name's long form, not a preposition.
    """
    gap = (match.group("gap") or "") if "gap" in match.re.groupindex else ""
    return _LONG_FORM.sub("", gap)


def flag_cancelled(sentence: str, start: int, end: int, cues: Sequence[Cue] | None = None) -> bool:
    """Whether a notintro cue says the extraction's "introduced" flag on this name is no introduction.

    >>> flag_cancelled("It improves the performance of two architectures, namely BERT and ConvKNRM.", 57, 61)
    True
    >>> flag_cancelled("The design incorporates three techniques, namely fact insertion and recall.", 49, 63)
    False
    """
    cues = load_cues() if cues is None else cues
    texts, folded = _scopes(sentence, start, end), _scopes(fold(sentence), start, end)
    return any(c.kind == "notintro" and c.search(texts[c.scope], folded[c.scope]) for c in cues)


def title_introduces(mention: Mention, texts: Mapping[str, str]) -> bool:
    """Whether a title mention is the head of a "Name: what it does" title of a first-person abstract.

    >>> m = Mention("SuRe", "title", 0, 4, EntityType.METHOD, "test")
    >>> title_introduces(m, {"title": "SuRe: Summarizing Retrievals for QA", "abstract": "We design SuRe."})
    True
    >>> m = Mention("GPT-4", "title", 10, 15, EntityType.MODEL, "test")
    >>> title_introduces(m, {"title": "Revisiting GPT-4: A Study", "abstract": "We study GPT-4."})
    False
    """
    title = texts.get("title", "")
    if mention.field != "title" or ":" not in title[mention.end :] or mention.type not in _TITLE_TYPES:
        return False
    if mention.type is EntityType.METHOD and not _CODED.search(title[mention.start : title.index(":", mention.end)]):
        return False
    head_rest = title[mention.end : title.index(":", mention.end)]
    lead = title[: mention.start].strip()
    if lead not in ("", "The", "the") or not _TITLE_HEAD_REST.match(head_rest):
        return False
    return bool(_FIRST_PERSON.search(texts.get("abstract", "")))


def mention_role(mention: Mention, text: str = "") -> Role:
    """The role of one mention, from its evidence sentence (an introducing mention introduces).

    ``text`` is the field the mention is in (its title or abstract), which places the mention
    in its sentence exactly; without it the first occurrence of its text is taken.
    """
    sentence = mention.sentence
    start = _place(mention, text)
    if mention.introduced and (start < 0 or not flag_cancelled(sentence, start, start + len(mention.text))):
        return Role.INTRODUCES
    if start < 0:
        return Role.USES
    return sentence_role(sentence, start, start + len(mention.text))


def _place(mention: Mention, text: str) -> int:
    """Where the mention starts in its evidence sentence (-1 when the sentence does not hold it)."""
    sentence = mention.sentence
    if not sentence:
        return -1
    if text:
        begin = text.rfind(sentence, 0, mention.start + len(sentence))
        if begin >= 0 and begin <= mention.start <= begin + len(sentence):
            return mention.start - begin
    return sentence.find(mention.text)


#: Strongest first: the role an entity takes when its mentions disagree.
_STRENGTH = {Role.INTRODUCES: 0, Role.USES: 1, Role.MENTIONS: 2}


def entity_role(entity: Entity, texts: Mapping[str, str] | None = None) -> tuple[Role, Mention | None]:
    """An entity's role in its paper and the mention that shows it (the first of the strongest role).

    ``texts`` maps a field name ("title", "abstract") to its text (see :func:`mention_role`).
    A title "Name: ..." introduces (:func:`title_introduces`); mentions sharing one sentence are
    judged once, at the first of them, except those the extraction flagged as introduced.
    """
    texts = texts or {}
    for mention in entity.mentions:
        if title_introduces(mention, texts):
            return Role.INTRODUCES, mention
    best: tuple[Role, Mention | None] = (Role.USES, entity.mentions[0] if entity.mentions else None)
    seen: set[str] = set()
    roles = []
    for mention in entity.mentions:
        if mention.sentence in seen and not mention.introduced:
            continue
        seen.add(mention.sentence)
        roles.append((mention_role(mention, texts.get(mention.field, "")), mention))
    if roles:
        best = min(roles, key=lambda rm: _STRENGTH[rm[0]])
    return best
