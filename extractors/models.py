"""Model names by their shape: family + version + size + variant.

"Llama2-13B-Chat", "Qwen2.5-7B", "OLMoE-1B-7B-Instruct", "GPT-4o", "Claude-4.5-Opus",
"Gopher 280B", "Phi 3 3.8B", "Mistral 7B", "Uni-Perceiver v2". A parameter count (7B, 280M)
makes a name a model on its own; a bare version ("GPT-4o", "Llama3") needs a family the
lexicon knows or a family spelled like a model (two capitals: "OLMoE", "InstructGPT").
"8B LLMs" has no family and is no model.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

_SIZE = r"\d+(?:\.\d+)?[BM](?:-A?\d+(?:\.\d+)?[BM])?"
#: The variant words of a checkpoint's name ("-Instruct", " Turbo", " Opus"), in both shapes below.
_VARIANT_WORDS = "Instruct|Chat|Turbo|Base|Haiku|Sonnet|Opus|Pro|Flash|Mini|mini|Lite|Ultra|Nano|Max|Plus"
#: A variant word joined by a hyphen to a spaced version: "Qwen 2.5-Instruct", "Claude 3.5-Haiku".
_HYPHEN_VARIANT = rf"(?:{_VARIANT_WORDS}|instruct|chat|turbo|base|Coder|Math|Vision|VL)"
# A hyphen-joined compound and optional spaced version / size tokens after it.
_MODEL_NAME = (
    r"(?P<compound>[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z0-9.]+)*)"
    r"(?P<spaced>(?: v?\d+(?:\.\d+)*(?= \d+(?:\.\d+)?[BM]\b))?(?: " + _SIZE + r"| v\d+(?:\.\d+)*)|(?: \d+(?:\.\d+)?(?:-" + _HYPHEN_VARIANT + r")?(?![\d.]*\s*%)))?"
    r"(?![\w^-])"
)
#: A digit in the compound or in a spaced version right after it.
_HAS_DIGIT = r"(?=[A-Za-z][A-Za-z0-9.-]*(?:\d| v?\d))"
#: The same test scanning the word once (possessive runs) instead of backtracking through it.
_HAS_DIGIT_FAST = r"(?=[A-Za-z](?:[A-Za-z.-]*+\d|[A-Za-z0-9.-]*+ v?\d))"
#: A model-shaped name that no word character, "@", "/", ".", "^" or "-" precedes.
_MODEL_RE = re.compile(r"(?<![\w@/.^-])" + _HAS_DIGIT + _MODEL_NAME)
#: ``_MODEL_RE`` found fast, over " " + text: the character before the name is matched rather
#: than looked behind for, so the engine skips past word characters instead of trying each one.
_MODEL_SCAN = re.compile(r"[^\w@/.^-](?P<name>" + _HAS_DIGIT_FAST + _MODEL_NAME + ")")
_DIGIT = re.compile(r"\d")
_PART_SIZE = re.compile(r"^A?\d+(?:\.\d+)?[BM]$")
_PART_VERSION = re.compile(r"^v?\d+(?:\.\d+)*[a-z]?$")
_HEAD_VERSION = re.compile(r"^(?P<fam>[A-Za-z]+?)(?P<ver>\d+(?:\.\d+)*[a-z]?)$")
_ADJ_SUFFIX = re.compile(r"-(?:based|like|style|generated|powered|sized|level|only|specific|aligned|tuned|class|scale|parameter|size|series|family|as-a-judge)$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_PART_SPLIT = re.compile(r"[- ]")
_SPACED_VERSION = re.compile(r" \d+(?:\.\d+)*$")
_SPACED_HYPHEN_VARIANT = re.compile(r" \d+(?:\.\d+)*-[A-Za-z]+$")
_ENDS_BM = re.compile(r"[BM]$")
_LETTERS = re.compile(r"[A-Za-z]+")
#: A spaced variant word after a model name: "GPT-4 Turbo", "Gemini 1.0 Ultra", "Claude 3 Opus", "Phi-3 Mini".
#: Not the start of a phrase about models ("GPT-4 Large language models").
_SPACED_VARIANT = re.compile(
    rf" (?:{_VARIANT_WORDS}|Large|Small|Medium|XL|XXL)"
    r"(?![\w^-])(?! (?:[Ll]anguage|[Vv]ision|[Mm]odels?|LLMs?|LMs?|VLMs?)\b)"
)
#: Size words of a checkpoint of a known family ("T5-XL", "ViT-Huge", "Flan-T5-Large").
SIZE_WORDS = frozenset("tiny mini small base medium large huge giant xl xxl".split())

#: Capitalised words that are never a model family ("Top-1", "Stage 2", "Table 3").
NOT_FAMILIES = frozenset(
    "top stage phase level type round step table figure fig section sec layer eq part version task tasks hits recall "
    "precision rouge bleu our the this that these we in on of for with a an and to by from at as is are llm llms lm lms "
    "mllm mllms vlm vlms model models gpu gpus tpu cpu day days year years epoch epochs iter k top-k pass chapter "
    "appendix algorithm experiment group sota covid sars".split()
)


@dataclass(frozen=True)
class ModelName:
    """A model name found by shape: span, family (e.g. "Llama2"), size and variant parts."""

    text: str
    start: int
    end: int
    family: str
    has_size: bool
    has_variant: bool


def _namey(family: str) -> bool:
    upper = sum(c.isupper() for c in family)
    return upper >= 2 or (upper == 1 and family[0].isupper() and any(c.isupper() for c in family[1:]))


def _sentence_initial(text: str, start: int) -> bool:
    end = start  # the last non-blank character before ``start``, found without copying the prefix
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end == 0 or text[end - 1] in ".!?:;"


@lru_cache(maxsize=1 << 16)
def _parse_cached(text: str, known_families: frozenset[str]) -> tuple[str, bool, bool] | None:
    return parse_model_name(text, known_families)


def parse_model_name(text: str, known_families: Collection[str] = ()) -> tuple[str, bool, bool] | None:
    """Split a candidate into (family with version, has size, has variant), or None if no model.

    >>> parse_model_name("Llama2-13B-Chat", {"llama"})
    ('Llama2', True, True)
    >>> parse_model_name("OLMoE-1B-7B")
    ('OLMoE', True, False)
    >>> parse_model_name("Top-1") is None, parse_model_name("8B") is None
    (True, True)
    """
    parts = _PART_SPLIT.split(text)
    spaced_version = bool(_SPACED_VERSION.search(text)) and not _ENDS_BM.search(text)
    spaced_hyphen = " " in text and _SPACED_HYPHEN_VARIANT.search(text) is not None  # "Qwen 2.5-Instruct"
    head = parts[0]
    fam_parts: list[str] = []
    version = ""
    size = False
    variant = False
    match = _HEAD_VERSION.match(head)
    if match and len(match.group("fam")) >= 2:
        fam_parts.append(match.group("fam"))
        version = match.group("ver")
    elif head[:1].isalpha():
        fam_parts.append(head)
    else:
        return None
    for part in parts[1:]:
        if not part:
            return None
        if _PART_SIZE.match(part) or (part.lower() in SIZE_WORDS and fam_parts and len(fam_parts) == 1 and known_size_family(fam_parts[0], version, known_families)):
            size = True
        elif part.isdigit() and len(part) >= 2 and (version or size) and (variant or size or len(part) >= 3):
            variant = True  # a dated snapshot: "GPT-3.5-turbo-0301", "gpt-4-0613", "Gemini-1.5-Pro-002"
        elif _PART_VERSION.match(part) and not size and not variant:
            if _YEAR.match(part):
                return None
            version = part
        elif part[0].isalpha() and not size and not version:
            fam_parts.append(part)
        elif part[0].isalpha():
            variant = True
        else:
            return None
    family = "-".join(fam_parts)
    stem = family.lower()
    # a lower-case family is a model's only if known, as itself or hyphened to its version ("gpt-4-0613"; not "all 9")
    lowercase_unknown = (
        not family[0].isupper() and not _namey(family) and (family + version).lower() not in known_families
        and not (version and text[len(family) : len(family) + 1] == "-" and family.lower() in known_families)
    )
    if stem in NOT_FAMILIES or fam_parts[0].lower() in NOT_FAMILIES or lowercase_unknown:
        return None
    if all(len(part) <= 2 for part in fam_parts) and not size:
        return None  # "CC-BY-4.0", "V-2": licences and labels, not model families
    known = stem in known_families or fam_parts[0].lower() in known_families
    if spaced_hyphen and not known:
        return None  # "ABC 2-Stage": only a known family takes a variant after a spaced version
    if size:
        pass
    elif version and spaced_version and known:
        pass
    elif version and not spaced_version and (known or _namey(family)):
        pass
    else:
        return None
    sep = "" if match and len(match.group("fam")) >= 2 else ("-" if "-" in text else " ")
    family_name = family + (sep + version if version and sep else version)
    if version and not (match and len(match.group("fam")) >= 2):
        # Rebuild "GPT-4o" / "Phi 3" with the separator used in the text.
        idx = text.find(version, len(family))
        family_name = text[:idx + len(version)] if idx >= 0 else family_name
    return family_name, size, variant


def known_size_family(head: str, version: str, known_families: Collection[str]) -> bool:
    """Whether a size word after ``head`` (its version split off in ``version``) sizes a family the lexicon knows.

    >>> known_size_family("T5", "", {"t5"}), known_size_family("Stage", "", {"t5"})
    (True, False)
    """
    return head.lower() in known_families or (head + version).lower() in known_families


def _has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit (``\\d``); for ASCII text ten substring tests, quicker than the scan."""
    if text.isascii():
        return any(digit in text for digit in "0123456789")
    return _DIGIT.search(text) is not None


_RUN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-"
#: ASCII text as runs of name characters: digits "d", the others of ``[A-Za-z0-9.-]`` "a", the rest blank.
_RUN_MASK = str.maketrans({chr(c): "d" if chr(c).isdigit() else "a" if chr(c) in _RUN_CHARS else " " for c in range(128)})


def _scan(padded: str) -> list[re.Match]:
    """``list(_MODEL_SCAN.finditer(padded))``, trying the pattern only where it can start.

    A name starts a run of ``[A-Za-z0-9.-]`` that holds a digit or comes right before a blank
    and a version or size (" 7B", " v2"). In ASCII text those runs are found with ``str.find``
    over a mask of the text, which is several times quicker than the pattern's scan of every
    character; matching at each, left to right and past the previous match, gives the same matches.
    """
    if not padded.isascii():
        return list(_MODEL_SCAN.finditer(padded))
    masked = padded.translate(_RUN_MASK)
    starts = []
    digit = masked.find("d")
    while digit >= 0:
        start = masked.rfind(" ", 0, digit) + 1  # of the run holding this digit (padded[0] is a blank)
        starts.append(start)
        if padded[start - 1] == " " and (start == digit or (start == digit - 1 and padded[start] == "v")):
            before = masked.rfind(" ", 0, start - 1) + 1  # the run before " 7B" / " v2"
            if before < start - 1:
                starts.append(before)
        end = masked.find(" ", digit)
        digit = masked.find("d", end) if end >= 0 else -1
    starts.sort()
    matches = []
    done = 0
    for start in starts:
        if start - 1 < done:
            continue
        match = _MODEL_SCAN.match(padded, start - 1)
        if match:
            matches.append(match)
            done = match.end()
    return matches


def find_model_names(text: str, known_families: Collection[str] = ()) -> list[ModelName]:
    """Every model name by shape in ``text``, with character spans.

    >>> [m.text for m in find_model_names("Llama3 and Qwen2.5-7B beat Gopher 280B and 8B LLMs", {"llama", "qwen"})]
    ['Llama3', 'Qwen2.5-7B', 'Gopher 280B']
    """
    out: list[ModelName] = []
    if not _has_digit(text):
        return out  # every model shape holds a digit
    for match in _scan(" " + text):
        surface = match.group("name")
        start, end = match.start("name") - 1, match.end() - 1
        while surface.endswith("."):
            surface = surface[:-1]
            end -= 1
        suffix = _ADJ_SUFFIX.search(surface)
        if suffix:
            surface = surface[: suffix.start()]
            end = start + len(surface)
        if isinstance(known_families, frozenset):
            parsed = _parse_cached(surface, known_families)
        else:
            parsed = parse_model_name(surface, known_families)
        if parsed is None:
            continue
        family, has_size, has_variant = parsed
        variant = _SPACED_VARIANT.match(text, end)
        if variant:
            surface, end, has_variant = surface + variant.group(), variant.end(), True
        stem = _LETTERS.match(family).group()
        if _sentence_initial(text, start) and not _namey(stem) and stem.lower() not in known_families and family.lower() not in known_families:
            continue  # "Can 1B ...", "Surpass 405B": a capitalised word starting a sentence
        out.append(ModelName(surface, start, end, family, has_size, has_variant))
    return out
