"""Type a name from its own shape and from the words that describe it.

Used for names no lexicon knows: the head of an acronym's long form ("... Reinforcement
Learning" is a Method, "... MEasurement Set" a Benchmark, "Equal Error Rate" a Metric,
"Automatic Speech Recognition" a Task), and name suffixes ("CopyBench", "HotpotQA").
"""

from __future__ import annotations

import re

from extractors.patterns import head_nouns
from kg.types import EntityType

_BENCH_SHAPE = re.compile(r"(?:Bench|BENCH|-bench|QA|Set|Arena|Corpus|Gym|Suite|Hub|Instruct(?:ions)?|GLUE|Leaderboard)(?:[- ]?v?\d+(?:\.\d+)*)?$")
_SIZED = re.compile(r"-\d+(?:\.\d+)?[BM]\b")
_MODEL_SHAPE = re.compile(r"-\d+(?:\.\d+)?[BM]\b|(?:-RM|GPT|LM|BERT| Language Models?| LLMs?)$")

_LOWER_WORD = re.compile(r"[a-z][a-z-]*")
_LONG_HEADS: tuple[tuple[re.Pattern, EntityType], ...] = (
    (re.compile(r"\b(?:benchmark|dataset|data ?set|corpus|set|suite|collection|leaderboard|bench)$", re.I), EntityType.BENCHMARK),
    (re.compile(r"\b(?:rate|score|error|accuracy|precision|recall|distance|ratio|operations|correlation|coefficient|divergence|similarity|gain|index|f-?measure|perplexity|latency)$", re.I), EntityType.METRIC),
    (re.compile(r"\b(?:recognition|answering|classification|detection|segmentation|translation|summari[sz]ation|generation tasks?|retrieval tasks?|parsing|tagging|labell?ing|ranking|incremental learning|understanding|completion|extraction|inference tasks?|reasoning tasks?|tasks?|problems?)$", re.I), EntityType.TASK),
    (re.compile(r"\b(?:models?|networks?|transformers?|encoders?|decoders?|llms?|lms?|gpt|bert)$", re.I), EntityType.MODEL),
)


def long_form_type(long_form: str) -> EntityType | None:
    """The type signalled by the last words of an acronym's long form, or None.

    >>> long_form_type("Factuality, Retrieval, And reasoning MEasurement Set").value
    'Benchmark'
    >>> long_form_type("Automatic Speech Recognition").value, long_form_type("equal error rate").value
    ('Task', 'Metric')
    """
    text = long_form.strip()
    for pattern, entity_type in _LONG_HEADS:
        if pattern.search(text):
            return entity_type
    return None


def shape_type(name: str) -> EntityType | None:
    """The type a name's spelling signals ("CopyBench" -> Benchmark, "FLAMe-RM-24B" -> Model).

    >>> shape_type("AIR-Bench").value, shape_type("HotpotQA").value, shape_type("OREAL-32B").value
    ('Benchmark', 'Benchmark', 'Model')
    >>> shape_type("ThinkEdit") is None
    True
    """
    if _SIZED.search(name):
        return EntityType.MODEL  # a parameter count names a checkpoint: "Zeta-7B-Instruct" is no instruction set
    if _BENCH_SHAPE.search(name):
        return EntityType.BENCHMARK
    if _MODEL_SHAPE.search(name):
        return EntityType.MODEL
    return None


def description_type(words: str) -> EntityType | None:
    """The type named by the first head noun in a short description ("a new benchmark for")."""
    nouns = head_nouns()
    tokens = _LOWER_WORD.findall(words.lower())
    for i in range(len(tokens)):
        for size in (2, 1):
            phrase = " ".join(tokens[i : i + size])
            if phrase in nouns:
                return nouns[phrase]
    return None


# After a name: "X, which was pretrained on", "X is fine-tuned with", "X has 7B parameters".
_TRAINED_AFTER = (
    r",?\s+(?:(?:which|that)\s+)?(?:(?:is|was|are|were)\s+)?(?:(?:first|further|then|also|additionally|jointly)\s+)?"
    r"(?:(?:pre-?|post-?)?trained|fine-?tuned|instruction-tuned|distilled)\s+(?:on|with|using|from|via|by|to|in)\b"
    r"|\s+(?:has|with)\s+(?:only\s+)?\d+(?:\.\d+)?\s*[BM]\s+parameters"
)
# A sized checkpoint of the name elsewhere in the paper: "X-7B", "X 13B", "X-1.5B-Instruct".
_SIZED_AFTER = r"[- ]\d+(?:\.\d+)?[BM]\b"


#: What must follow a name at one of its occurrences: a size glued on, else (the name ending there) a training phrase.
_CUE_AFTER = re.compile(rf"{_SIZED_AFTER}|(?![\w-])(?:{_TRAINED_AFTER})")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_-"  # what [\w-] matches


def model_by_context(name: str, text: str) -> bool:
    r"""Whether the paper treats ``name`` as a trained model: a sized checkpoint of it, or it is trained.

    What ``(?<![\w-])NAME(?:SIZED|(?![\w-])TRAINED)`` finds, checked at each whole-word
    occurrence of the name: a paper's names are its own, and compiling that pattern for
    each of them cost more than every search.

    >>> model_by_context("Orion", "We present Orion. Orion-7B beats GPT-4.")
    True
    >>> model_by_context("Orion", "We present Orion, which is pretrained on code.")
    True
    >>> model_by_context("Orion", "We present Orion, which trains a model with RL.")
    False
    """
    pos = text.find(name)
    while pos >= 0:
        if (pos == 0 or not _is_word_char(text[pos - 1])) and _CUE_AFTER.match(text, pos + len(name)):
            return True
        pos = text.find(name, pos + 1)
    return False
