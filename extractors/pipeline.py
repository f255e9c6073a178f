"""The extraction pipeline: run every extractor over a paper's title and abstract, then resolve.

Order of trust when spans overlap: acronym definitions, lexicon matches and model-name
shapes first (the longest span wins, lexicon before shape on ties), then names found by
context rules, then (optionally) the statistical NER. Every span passes the same typing
(lexicon, context votes, long-form head, name shape) and the same generic-term filter.
Tokenising uses ``spacy.blank("en")``'s tokenizer only (``tokenizer.pipe`` when streaming);
sentence boundaries come from a regular expression, so the rule path stays fast. The
tokenizer, lexicon and PhraseMatchers are built once per process and shared by Extractors
over the same lexicon files; with NER on, ``extract_many`` runs the model once per field
over each batch (``find_ner_mentions_batch``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

import spacy

from extractors import context
from extractors.acronyms import find_acronyms
from extractors.arxiv_ids import find_arxiv_ids
from extractors.filtering import is_generic
from extractors.lexicon import Lexicon, LexiconEntry, LexiconMatcher, default_lexicon_paths, load_lexicon
from extractors.metrics import find_metric_names, reported_metric
from extractors.models import find_model_names
from extractors.patterns import Candidate, find_candidates, looks_like_name, proper_phrases, strongly_named
from extractors.resolve import Hit, fold_key, resolve_paper
from extractors.results import find_results
from extractors.text import Sentences
from extractors.triples import arxiv_triples, entity_triples, record_triples
from kg.normalize import normalize_name
from kg.types import EntityType, Mention, Paper, PaperExtraction

FIELDS = ("title", "abstract")
_STRONG_RULES = frozenset({"intro", "naming", "apposition", "title"})
_PRIORITY = {"acronym": 0, "lexicon": 1, "model_shape": 2, "metric_shape": 3}
_TOKENIZER_CACHE_SIZE = 500_000


@dataclass
class _Span:
    """A working span inside one field before it becomes a Mention."""

    start: int
    end: int
    type: EntityType | None
    extractor: str
    confidence: float
    canonical: str | None = None
    family: str | None = None
    group: str | None = None
    long_form: bool = False
    introduced: bool = False
    entry: LexiconEntry | None = None
    votes: list = field(default_factory=list)
    shadow: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|edu|net|io|ai|gov|uk|de|cn|fr|jp)/\S*|\\url\{[^}]*\}|[\w.+-]+@[\w-]+\.[\w.]+")
#: What every ``_URL`` match outside "\url{...}" holds; cheap to look for ("and/or" is common).
_URL_TRIGGER = re.compile(r"://|www\.|@|\.(?:com|org|edu|net|io|ai|gov|uk|de|cn|fr|jp)/")
_MODIFIER_BEFORE = re.compile(r"(?<![\w-])([A-Za-z][a-z0-9]*(?:-[A-Za-z0-9]+)*) $")
_NAMED_BENCH_HEAD = re.compile(r" Bench(?:mark)?(?![\w-])")
_RENAMED_AS_BENCHMARK = frozenset({EntityType.MODEL, EntityType.METHOD})
_BENCH_HEAD = re.compile(r" (?:dataset|benchmark|corpus|test set|suite|leaderboard)(?![\w-])", re.IGNORECASE)
_GENERIC_SUFFIX = re.compile(
    r"-(?:like|based|driven|specific|focused|free|aware|level|task|shot|style|vocabulary|domain|scale|wise|only|time|"
    r"tuned|trained|aligned|augmented|guided|enhanced|oriented|centric|dependent|agnostic|independent|generated|powered|"
    r"sized|[a-z]+ed)$"
)
_PREFIXED_ACRONYM = re.compile(r"^(?:post|pre|non|multi|single|anti|semi|cross|inter|intra|sub|super|over|under|de|re)-[A-Z0-9]+s?$")
_VERB_USE = re.compile(r"\b(?:to|can|could|may|might|not|cannot|will|would|should|must)\s+$")
_METRIC_HEADS = frozenset({"accuracy", "error", "error rate", "score", "f1", "f1 score"})
_METRIC_MODIFIER_STOP = frozenset(
    "average overall mean absolute relative higher lower final best worst reported mean total test validation train training top "
    # verbs whose object is the metric ("experiments show accuracy gains", "it boosts accuracy")
    "show shows report reports yield yields give gives improve achieve reach attain obtain gain increase increases reduce "
    "reduces boost raise raises lift lifts measure measures compare compares evaluate evaluates maintain maintains preserve "
    "preserves enhance enhances deliver delivers match matches exceed exceeds surpass surpasses hurt hurts degrade degrades "
    "affect affects predict predicts maximize maximise maximizes maximises optimize optimise optimizes optimises".split()
)
#: A subject or auxiliary right before a word makes it a verb: "we use multi-label classification".
_VERB_SUBJECT_BEFORE = re.compile(r"(?:^|\b)(?:[Ww]e|[Tt]hey|I|[Ii]t|can|could|may|might|will|would|should|must|[Ww]hich|that)\s+$")
_NOT_MODIFIER = re.compile(r"(?:able|ible|ful|less|ory|est|[^siu]s)$")
_TASK_TAIL = re.compile(r"\s+(?:tasks?|problems?)$")
_HYPHEN_OR_SPACE = re.compile(r"[- ]")
_BENCH_WORD = re.compile(r"\b(?:benchmark|dataset|corpus|suite)\b", re.I)
_MEASURING_WORD = re.compile(r"\b(?:benchmarking|measuring|evaluating)\b", re.I)
_CLAUSE_SPLIT = re.compile(r"\s+(?:for|to|in|with|via|on|from|through|by)\s+")
_MODELS_END = re.compile(r"\bmodels?$", re.I)
_A_MODEL = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}model\b", re.I)
_LOWER_HYPHENED = re.compile(r"[a-z][a-z-]*")
_LOWER_RUN = re.compile(r"[a-z]+")
_HYPHENED_CAPITALS = re.compile(r"[A-Z][A-Za-z0-9]*(?:-[A-Z0-9][A-Za-z0-9]*)+")  # "V-Net", "U-Net": a coined name
_VIEW_TABLE = str.maketrans({"~": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2011": "-", "\u2010": "-"})
_ODD_CHAR = re.compile("[~\u00a0\u2009\u202f\u2011\u2010]")  # what _VIEW_TABLE changes


def text_view(text: str) -> str:
    """``text`` with LaTeX ties and odd spaces/hyphens made plain, same length (offsets stay valid).

    URLs and e-mail addresses become spaces, so "github.com/InternLM/OREAL" names nothing.

    >>> text_view("Task~Arithmetic at https://x.org/A")
    'Task Arithmetic at                '
    """
    if ("~" in text) if text.isascii() else _ODD_CHAR.search(text):
        text = text.translate(_VIEW_TABLE)
    if "\\url{" in text:
        # Braces may hold blanks: the whole text (a "\url{...}" with no slash, "@" or "www." stays).
        return _URL.sub(_blanks, text) if "/" in text or "@" in text or "www." in text else text
    return _blank_urls(text)


def _blanks(match: re.Match) -> str:
    """As many spaces as the match is long, so offsets stay valid."""
    return " " * len(match.group())


def _blank_urls(text: str) -> str:
    """``_URL.sub(_blanks, text)`` for a text without "\\url{", run only on the chunks that can hold a URL.

    Outside braces a URL match never crosses a blank and always holds a trigger ("://",
    "www.", "@", ".com/"), so only the blank-free chunks around triggers need the slow pattern.
    """
    if "/" not in text and "@" not in text and "www." not in text:
        return text  # every trigger holds one of them; three substring tests beat the scan
    pieces: list[str] = []
    done = 0
    for trigger in _URL_TRIGGER.finditer(text):
        if trigger.start() < done:
            continue  # inside the chunk just rewritten
        start, end = trigger.start(), trigger.end()
        while start > done and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        pieces.append(text[done:start])
        pieces.append(_URL.sub(_blanks, text[start:end]))
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


class _LexiconState(NamedTuple):
    """What an Extractor needs from its lexicon files: built once, shared read-only."""

    nlp: spacy.language.Language
    lexicon: Lexicon
    matcher: LexiconMatcher


_STATES: dict[tuple, _LexiconState] = {}


def _lexicon_state(lexicon_paths: Sequence[Path | str]) -> _LexiconState:
    """Tokenizer pipeline, lexicon and PhraseMatchers for these lexicon files.

    Building the matchers takes seconds, so they are built once per process and shared by
    every Extractor while the files are unchanged (same path, size and modification time).
    """
    try:
        files = [Path(p) for p in lexicon_paths] + default_lexicon_paths()
        key = tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        key = None  # load_lexicon reports the unreadable file
    if key in _STATES:
        return _STATES[key]
    nlp = spacy.blank("en")
    # spaCy caches the tokenisation of each whitespace-separated chunk, but only up to
    # 10,000 chunks; the lexicon patterns alone fill that, so raise it (output is the same).
    nlp.tokenizer.max_cache_size = _TOKENIZER_CACHE_SIZE
    nlp.tokenizer.rules = _plain_special_cases(nlp.tokenizer)
    lexicon = load_lexicon(lexicon_paths)
    state = _LexiconState(nlp, lexicon, LexiconMatcher(nlp.vocab, lexicon, nlp.make_doc))
    if key is not None:
        if len(_STATES) >= 8:
            _STATES.clear()
        _STATES[key] = state
    return state


def _plain_special_cases(tokenizer) -> dict:
    """The tokenizer's special cases minus those holding punctuation or spaces (":)", "e.g.", "'s").

    spaCy finds those with a second PhraseMatcher over every text, which cost more than the rest
    of tokenising. The tokens feed only the lexicon PhraseMatchers, whose patterns are tokenised
    the same way. "e.g." becomes "e.g" + "." and "cannot" still splits; a name ending in one
    letter before a full stop ("Distinct-n.", "Pythia 410m.") now matches, where the
    abbreviation cases "n." and "m." hid it. The NER model keeps its own tokenizer.
    """
    return {
        string: tokens
        for string, tokens in tokenizer.rules.items()
        if not (" " in string or tokenizer.find_prefix(string) or tokenizer.find_suffix(string) or tokenizer.find_infix(string))
    }


def _overlaps(a: _Span | Candidate, b: _Span | Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _attached(text: str, start: int, end: int) -> bool:
    """Whether a match is glued into a bigger hyphenated name ("RAG" in "Self-RAG")."""
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
        return True
    if end + 1 < len(text) and text[end] == "-" and (text[end + 1].isupper() or text[end + 1].isdigit()):
        return True
    return end < len(text) and (text[end].isalnum() or text[end] in "^") or start > 0 and (text[start - 1].isalnum())


class Extractor:
    """Finds typed, resolved entities and triples in papers.

    Args:
        lexicon_paths: Extra lexicon files (JSONL) on top of the shipped ones.
        use_ner: Also run the trained NER component when it is installed.

    Example:
        >>> ex = Extractor(use_ner=False)
        >>> result = ex.extract(Paper(id="p", abstract="We evaluate Llama3 and Qwen2.5 on MMLU."))
        >>> sorted((e.name, e.type.value) for e in result.entities)[:1]
        [('Llama 3', 'Model')]
    """

    def __init__(self, lexicon_paths: Sequence[Path | str] = (), use_ner: bool = True) -> None:
        self.nlp, self.lexicon, self.matcher = _lexicon_state(lexicon_paths)
        self.families = self.lexicon.model_families
        self.ner = None
        if use_ner:
            try:
                from extractors import ner  # noqa: PLC0415 - optional component

                if ner.ner_available():
                    self.ner = ner
            except ImportError:
                self.ner = None

    # -- public API -----------------------------------------------------------------
    def extract(self, paper: Paper) -> PaperExtraction:
        """Entities and triples of one paper."""
        texts = {name: text_view(getattr(paper, name) or "") for name in FIELDS}
        docs = {name: self.nlp.make_doc(texts[name]) for name in FIELDS}
        return self._extract(paper, docs, texts)

    def extract_many(self, papers: Iterable[Paper]) -> Iterator[PaperExtraction]:
        """Stream extractions in input order (titles and abstracts tokenised with ``tokenizer.pipe``)."""
        batch: list[Paper] = []
        for paper in papers:
            batch.append(paper)
            if len(batch) >= 256:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, papers: list[Paper]) -> Iterator[PaperExtraction]:
        texts = [text_view(getattr(p, name) or "") for p in papers for name in FIELDS]
        docs = list(self.nlp.tokenizer.pipe(texts))
        ner = None
        if self.ner is not None:  # one nlp.pipe per field over the whole batch
            ner = [self.ner.find_ner_mentions_batch(texts[k :: len(FIELDS)], name) for k, name in enumerate(FIELDS)]
        for i, paper in enumerate(papers):
            fields = {name: texts[len(FIELDS) * i + k] for k, name in enumerate(FIELDS)}
            field_docs = {name: docs[len(FIELDS) * i + k] for k, name in enumerate(FIELDS)}
            ner_mentions = {name: ner[k][i] for k, name in enumerate(FIELDS)} if ner is not None else None
            yield self._extract(paper, field_docs, fields, ner_mentions)

    # -- per paper ----------------------------------------------------------------------
    def _extract(self, paper: Paper, docs: dict, texts: dict[str, str], ner_mentions: dict[str, list[Mention]] | None = None) -> PaperExtraction:
        originals = {name: getattr(paper, name) or "" for name in FIELDS}
        sentences = {name: Sentences(originals[name]) for name in FIELDS}
        spans: dict[str, list[_Span]] = {}
        candidates: dict[str, list[Candidate]] = {}
        for name in FIELDS:
            candidates[name] = find_candidates(texts[name], name)
        combined = texts["title"] + "\n" + texts["abstract"]
        for name in FIELDS:
            candidates[name] = [c for c in candidates[name] if _plausible(texts[name][c.start : c.end], c, texts["abstract"], combined)]
        votes = self._type_votes(texts, candidates)
        for name in FIELDS:
            spans[name] = self._field_spans(texts[name], docs[name], candidates[name], votes, name, ner_mentions[name] if ner_mentions is not None else None, combined)
        self._propagate(texts, spans)
        hits = []
        for name in FIELDS:
            for span in spans[name]:
                hit = self._to_hit(originals[name], name, span, sentences[name])
                if hit is not None:
                    hits.append(hit)
        entities = resolve_paper(hits)
        entities = tuple(e for e in entities if not (is_generic(e.name) and not self.lexicon.lookup(e.name)))
        arxiv = []
        for name in FIELDS:
            for match in find_arxiv_ids(originals[name]):
                arxiv.append((match.arxiv_id, sentences[name].sentence(match.start)))
        triples = entity_triples(paper, entities) + arxiv_triples(paper, arxiv) + record_triples(paper)
        mentioned = tuple(dict.fromkeys(a for a, _ in arxiv if a != paper.arxiv_id))
        results = tuple(r for name in FIELDS for r in find_results(texts[name], name, entities, sentences[name].spans, originals[name]))
        return PaperExtraction(paper=paper, entities=entities, triples=tuple(triples), mentioned_arxiv_ids=mentioned, results=results)

    def _type_votes(self, texts: dict[str, str], candidates: dict[str, list[Candidate]]) -> dict[str, list[tuple[float, EntityType, str]]]:
        """Types the context rules give each name in this paper, keyed by folded text."""
        votes: dict[str, list[tuple[float, EntityType, str]]] = defaultdict(list)
        for name in FIELDS:
            lists: dict[int, list[str]] = defaultdict(list)
            for cand in candidates[name]:
                key = fold_key(texts[name][cand.start : cand.end])
                if cand.type is not None:
                    votes[key].append((cand.confidence, cand.type, cand.rule))
                elif cand.rule == "list":
                    votes[key].append((0.3, EntityType.BENCHMARK, "list"))
                    lists[cand.group or 0].append(texts[name][cand.start : cand.end])
            for items in lists.values():
                self._sibling_votes(items, votes)
        return votes

    def _sibling_votes(self, items: list[str], votes) -> None:
        """An unknown item of a list takes the type of its known siblings ("QWEN, LLAMA3, MISTRAL, COHERE").

        Only when at least two siblings are known and all known ones share a type.
        """
        known = [self.lexicon.lookup(item) for item in items]
        types = {e.type for e in known if e is not None and not e.needs_context}
        if len(types) != 1 or sum(e is not None for e in known) < 2:
            return
        sibling_type = types.pop()
        if sibling_type is EntityType.BENCHMARK:
            return  # the list rule's own default
        for item, entry in zip(items, known):
            if entry is None:
                votes[fold_key(item)].append((0.4, sibling_type, "list_sibling"))

    def _field_spans(self, text: str, doc, cands: list[Candidate], votes, field_name: str, ner_mentions: list[Mention] | None = None, paper_text: str = "") -> list[_Span]:
        if not text:
            return []
        tier_a: list[_Span] = []
        unreported: list[_Span] = []
        waiting: list[_Span] = []  # context-needing names of other types, accepted when listed with their kind
        lookup = self.lexicon.lookup
        for hit in self.matcher(doc):
            if _attached(text, hit.start, hit.end):
                continue
            entry = hit.entry
            entity_type = entry.type
            key = fold_key(text[hit.start : hit.end])
            voted = [t for _, t, _ in votes.get(key, ()) if t in entry.alt_types]
            if voted:
                entity_type = voted[0]
            if text.startswith(" Bench", hit.end) and entity_type in _RENAMED_AS_BENCHMARK:
                named = _NAMED_BENCH_HEAD.match(text, hit.end)
                if named:
                    # "Vicuna Benchmark", "Koala Bench": a known name with a capitalised head noun names a benchmark.
                    bench = lookup(text[hit.start : named.end()])
                    tier_a.append(_Span(hit.start, named.end(), EntityType.BENCHMARK, "lexicon", 0.9, canonical=bench.name if bench else None, entry=bench))
                    continue
            span = _Span(hit.start, hit.end, entity_type, "lexicon", 0.9 if not entry.needs_context else 0.5, canonical=entry.name, entry=entry, family=entry.family)
            if entity_type is EntityType.METRIC and _VERB_USE.search(text, max(0, hit.start - 8), hit.start) and " " not in text[hit.start : hit.end]:
                continue  # "the ability to recall facts": a verb, not the metric
            if entry.needs_context and not votes.get(key) and not (entity_type is EntityType.METRIC and reported_metric(text, hit.start, hit.end)):
                if entity_type is EntityType.METRIC:
                    unreported.append(span)  # may still join a listed metric ("accuracy, latency and memory")
                elif entity_type in _LISTED_TYPES:
                    waiting.append(span)  # may still join a listed model ("Llama 3.1, Qwen 2.5, Mistral, and ...")
                continue
            tier_a.append(span)
        _add_listed_metrics(text, tier_a, unreported)
        for acr in find_acronyms(text):
            long_text, short_text = acr.long, acr.short
            entry = lookup(long_text) or _same_thing(lookup(short_text), long_text)
            long_end = acr.long_end
            entity_type = entry.type if entry else None
            if entity_type is None:
                entity_type = context.long_form_type(long_text)
                if entity_type is EntityType.TASK:
                    trimmed = _TASK_TAIL.sub("", long_text)
                    long_end = acr.long_start + len(trimmed)
                    long_text = trimmed
            voted = sorted((v for v in [*votes.get(fold_key(short_text), ()), *votes.get(fold_key(long_text), ())] if v[2] != "list"), key=lambda v: -v[0])
            if entity_type is None:
                entity_type = voted[0][1] if voted else context.shape_type(short_text)
            if entity_type is None:
                # No lexicon entry, head noun or context: a Method only if it reads like one.
                if not (_method_like(long_text) or long_text[:1].isupper() and sum(w[:1].isupper() for w in long_text.split()) >= 2):
                    continue  # "multiple-choice questions (MCQs)", "neural processing units (NPUs)"
                entity_type = EntityType.METHOD
            if entry is None and entity_type is EntityType.MODEL and long_text == long_text.lower() and not voted:
                if long_text.endswith("models"):
                    continue  # "generative preference models (GPMs)": a class of models, not a named one
                entity_type = EntityType.METHOD
            if entry is None and (is_generic(long_text) or is_generic(short_text)):
                continue
            group = f"acr:{fold_key(short_text)}"
            canonical = entry.name if entry else None
            tier_a.append(_Span(acr.long_start, long_end, entity_type, "acronym", 0.95, canonical=canonical, group=group, long_form=True, entry=entry))
            tier_a.append(_Span(acr.short_start, acr.short_end, entity_type, "acronym", 0.95, canonical=canonical, group=group, entry=entry))
        for model in find_model_names(text, self.families):
            entry = lookup(model.text)
            if entry is not None and entry.type is not EntityType.MODEL:
                continue  # the lexicon match of the same text types it (e.g. "MATH-500")
            entity_type = EntityType.MODEL
            if context.shape_type(model.text) is EntityType.BENCHMARK and model.family.split("-")[0].split(" ")[0].lower() not in self.families:
                entity_type = EntityType.BENCHMARK  # "CopyBench-2": not "Qwen 2.5-Instruct", a known family's variant
            if entry is None and not model.has_size and model.family.split("-")[0].split(" ")[0].lower().rstrip("0123456789.") not in self.families:
                # "CTB5", "OntoNotes4.0": a versioned name of unknown family takes its context's type.
                voted = sorted(votes.get(fold_key(model.text), ()), key=lambda v: -v[0])
                if voted:
                    entity_type = voted[0][1]
            fam_head = lookup(_HYPHEN_OR_SPACE.split(model.text)[0])
            if entry is None and fam_head is not None and fam_head.type is not EntityType.MODEL:
                continue  # "DPO 70B": a method with a size is not a new model name
            family = None
            if model.has_size or model.has_variant:
                fam_entry = lookup(model.family)
                family = fam_entry.name if fam_entry and fam_entry.type is EntityType.MODEL else model.family
            tier_a.append(_Span(model.start, model.end, entity_type, "model_shape", 0.85, canonical=entry.name if entry else None, family=family or (entry.family if entry else None), entry=entry))
        for metric in find_metric_names(text):
            entry = lookup(metric.text)
            tier_a.append(_Span(metric.start, metric.end, EntityType.METRIC, "metric_shape", 0.9, canonical=entry.name if entry else None, entry=entry))
        if waiting:
            _add_listed(text, tier_a, waiting)
        kept = _select(tier_a)
        kept.extend(_shadows(tier_a, kept))
        kept.extend(self._case_variants(text, kept, field_name == "title"))
        _extend_task_modifiers(text, kept)
        # Context-rule names: strong rules may replace a shorter trusted span they contain.
        for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.rule not in _STRONG_RULES)):
            clash = [s for s in kept if _overlaps(s, cand)]
            if clash:
                for s in clash:
                    if s.start >= cand.start and s.end <= cand.end and (s.start, s.end) == (cand.start, cand.end):
                        s.introduced = s.introduced or cand.introduced
                        if cand.head_end and not s.shadow and s.type is not EntityType.MODEL and text[cand.head_end - 1] != "s":
                            s.group = s.group or f"head:{fold_key(text[s.start:s.end])}"
                            kept.append(replace(s, end=cand.head_end, shadow=True, introduced=False, canonical=None))
                        if s.group:
                            for other in kept:
                                if other.group == s.group:
                                    other.introduced = other.introduced or cand.introduced
                contains_all = all(s.start >= cand.start and s.end <= cand.end for s in clash)
                longer = all(s.length < cand.end - cand.start for s in clash)
                if not (cand.rule in _STRONG_RULES and contains_all and longer and not any(s.extractor == "acronym" for s in clash)):
                    continue
                for s in clash:
                    kept.remove(s)
            name = text[cand.start : cand.end]
            entry = lookup(name)
            if entry is not None:
                kept.append(_Span(cand.start, cand.end, entry.type, "lexicon", 0.9, canonical=entry.name, introduced=cand.introduced, entry=entry))
                continue
            entity_type = self._context_type(name, votes, field_name, text, cand, paper_text or text)
            group = None
            if cand.head_end and entity_type is not EntityType.MODEL and text[cand.head_end - 1] != "s":
                # "Adaptive Hierarchical Prompt framework": the name with its head is a surface form too.
                group = f"head:{fold_key(name)}"
                kept.append(_Span(cand.start, cand.head_end, entity_type, f"pattern:{cand.rule}", cand.confidence, group=group, shadow=True))
            kept.append(_Span(cand.start, cand.end, entity_type, f"pattern:{cand.rule}", cand.confidence, introduced=cand.introduced, group=group))
        if self.ner is not None:
            if ner_mentions is None:
                ner_mentions = self.ner.find_ner_mentions(text, field_name)
            for mention in ner_mentions:
                probe = _Span(mention.start, mention.end, mention.type, "ner", mention.confidence)
                if any(_overlaps(s, probe) for s in kept):
                    continue
                name = text[mention.start : mention.end]
                entry = lookup(name)
                if entry is not None:
                    if entry.needs_context or (entry.type is EntityType.METRIC and _VERB_USE.search(text, max(0, mention.start - 8), mention.start)):
                        continue
                    probe = _Span(mention.start, mention.end, entry.type, "ner", 0.8, canonical=entry.name, entry=entry)
                elif not _ner_name_ok(name):
                    continue  # NER alone is trusted only for names spelled like names
                elif probe.type is EntityType.METHOD and context.model_by_context(name, paper_text or text):
                    probe.type = EntityType.MODEL  # the NER has no Model type; "X-7B" or "X is pretrained on" says model
                kept.append(probe)
        _add_benchmark_heads(text, kept)
        kept.sort(key=lambda s: s.start)
        return kept

    def _case_variants(self, text: str, kept: list[_Span], title: bool = False) -> list[_Span]:
        """Lexicon names written in another case ("LOTTE" for LoTTE, "Dare" for DARE) inside a name run.

        Only words spelled like names count, and a Capitalised word only away from a sentence start.
        """
        out = []
        # Kept spans sorted by start, with the furthest end reached so far: "some span holds
        # [x, y]" and "some span overlaps [x, y)" are then one bisection each.
        covered = sorted((s.start, s.end) for s in kept)
        starts = [a for a, _ in covered]
        reach = list(accumulate((b for _, b in covered), max))
        for p_start, p_end in proper_phrases(text):
            i = bisect_right(starts, p_start)
            if i and reach[i - 1] >= p_end:
                continue
            # A phrase is name-like words joined by single blanks, so its words are its split
            # at blanks (the runs of ``[^\s,;:()]`` in it).
            end = p_start - 1
            for surface in text[p_start:p_end].split(" "):
                start = end + 1
                end = start + len(surface)
                if len(surface) < 3:
                    continue
                i = bisect_left(starts, end)
                if i and reach[i - 1] > start:
                    continue
                strong = strongly_named(surface)
                if not strong and (title or start < 2 or text[start - 2] in ".!?:" or not surface[:1].isupper()):
                    continue
                entry = self.lexicon.lookup(surface)
                if entry is None or entry.needs_context:
                    continue
                key = normalize_name(surface)
                forms = [f for f in entry.forms if normalize_name(f) == key]
                if not forms or (not strong and not any(f.isupper() for f in forms)):
                    continue  # "Dare" may be DARE; "Zero" is not ZeRO
                out.append(_Span(start, end, entry.type, "lexicon", 0.8, canonical=entry.name, entry=entry, family=entry.family))
        return out

    def _context_type(self, name: str, votes, field_name: str, text: str, cand: Candidate, paper_text: str = "") -> EntityType:
        """The type of a name no lexicon knows: context votes, spelling, then what the paper does with it."""
        voted = sorted((v for v in votes.get(fold_key(name), ()) if v[2] != "list"), key=lambda v: -v[0])
        if voted:
            return voted[0][1]
        shaped = context.shape_type(name)
        if shaped:
            return shaped
        if context.model_by_context(name, paper_text or text):
            return EntityType.MODEL  # "X-7B" elsewhere, or "X, which is pretrained on ..."
        if any(v[2] == "list" for v in votes.get(fold_key(name), ())):
            return EntityType.BENCHMARK
        if cand.rule == "title":
            rest = text[cand.end :]
            described = context.description_type(rest)
            if described and _BENCH_WORD.search(rest):
                return EntityType.BENCHMARK
            if _MEASURING_WORD.search(rest):
                return EntityType.BENCHMARK
            clause = _CLAUSE_SPLIT.split(rest.strip(" :"))[0]
            if _MODELS_END.search(clause) or _A_MODEL.search(clause):
                return EntityType.MODEL
        return EntityType.METHOD

    def _propagate(self, texts: dict[str, str], spans: dict[str, list[_Span]]) -> None:
        """Add the other occurrences of names found by definitions, shapes and context rules."""
        seeds: dict[str, _Span] = {}
        for name in FIELDS:
            for span in spans[name]:
                if span.extractor == "lexicon":
                    continue
                surface = texts[name][span.start : span.end]
                if len(surface) >= 2 and not is_generic(surface):
                    seeds.setdefault(surface, span)
        if not seeds:
            return
        for name in FIELDS:
            existing = spans[name]
            added = []
            for start, end in find_occurrences(texts[name], seeds):
                probe = _Span(start, end, None, "", 0)
                clash = [s for s in existing if _overlaps(s, probe)]
                if any(not (probe.start <= s.start and s.end <= probe.end and s.length < probe.length) for s in clash):
                    continue
                for s in clash:  # a longer known name wins over a name inside it ("Olmo" in "Olmo Hybrid")
                    existing.remove(s)
                seed = seeds[texts[name][start:end]]
                added.append(replace(seed, start=start, end=end, long_form=seed.long_form, introduced=False, votes=[]))
            if added:
                spans[name] = sorted(existing + added, key=lambda s: s.start)

    def _to_hit(self, text: str, field_name: str, span: _Span, sentences: Sentences) -> Hit | None:
        surface = text[span.start : span.end]
        if not surface.strip() or span.type is None:
            return None
        if span.canonical is None and is_generic(surface) and not span.long_form:
            return None
        mention = Mention(
            text=surface,
            field=field_name,
            start=span.start,
            end=span.end,
            type=span.type,
            extractor=span.extractor,
            confidence=span.confidence,
            introduced=span.introduced,
            sentence=sentences.sentence(span.start),
        )
        return Hit(mention, canonical=span.canonical, family=span.family, group=span.group, long_form=span.long_form, shadow=span.shadow)


_METRIC_COORD = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*/\s*)$")


#: Types whose context-needing lexicon names count when listed next to a name of the same type.
_LISTED_TYPES = frozenset({EntityType.MODEL, EntityType.BENCHMARK})


def _add_listed(text: str, tier_a: list[_Span], waiting: list[_Span]) -> None:
    """Accept a context-needing name listed next to a found name of its type ("Qwen 2.5, Mistral, and Llama 3").

    A coordinated neighbour of the same kind is the context such a name needs, as for metrics.
    """
    for entity_type in {s.type for s in waiting}:
        _add_listed_metrics(text, tier_a, [s for s in waiting if s.type is entity_type], entity_type)


def _add_listed_metrics(text: str, tier_a: list[_Span], unreported: list[_Span], entity_type: EntityType = EntityType.METRIC) -> None:
    """Accept a context-needing metric listed next to another metric ("accuracy, latency and throughput")."""
    if not unreported:
        return
    metrics = [s for s in tier_a if s.type is entity_type]
    changed = True
    while changed and unreported and metrics:
        changed = False
        for span in list(unreported):
            if any(
                (0 <= span.start - m.end <= 7 and _METRIC_COORD.match(text[m.end : span.start]))
                or (0 <= m.start - span.end <= 7 and _METRIC_COORD.match(text[span.end : m.start]))
                for m in metrics
            ):
                unreported.remove(span)
                tier_a.append(span)
                metrics.append(span)
                changed = True


def _same_thing(entry: LexiconEntry | None, long_text: str) -> LexiconEntry | None:
    """The lexicon entry of a defined acronym's short form, unless its long form names another kind of thing.

    "Mix Prompt Tuning (MPT)" is a method, not the MPT model; "Proximal Policy Optimisation (PPO)" is PPO.
    """
    if entry is None:
        return None
    said = context.long_form_type(long_text) or (EntityType.METHOD if _method_like(long_text) else None)
    if said is None or said is entry.type or said in entry.alt_types:
        return entry
    return None


def _add_benchmark_heads(text: str, kept: list[_Span]) -> None:
    """Record "PENS dataset" / "Jiminy Cricket benchmark" as a surface form of the benchmark it names."""
    taken = {(s.start, s.end) for s in kept}
    for span in [s for s in kept if s.type is EntityType.BENCHMARK and not s.shadow]:
        head = _BENCH_HEAD.match(text, span.end)
        if head and (span.start, head.end()) not in taken:
            span.group = span.group or f"head:{span.start}:{fold_key(text[span.start:span.end])}"
            kept.append(replace(span, end=head.end(), shadow=True, introduced=False, canonical=None))


def _extend_task_modifiers(text: str, kept: list[_Span]) -> None:
    """Widen a known task, or a bare metric head, by one modifier: "book summarization", "citation accuracy".

    The known name stays as an extra mention of the widened one. Modifiers are plain words that
    are not function words, common adjectives or verb forms (``task_modifier_stop`` in cues.tsv).
    """
    stop = _task_modifier_stop()
    for span in [
        s for s in kept
        if not s.shadow and s.extractor == "lexicon" and (
            s.type is EntityType.TASK
            or s.type is EntityType.METRIC and text[s.start : s.end].lower() in _METRIC_HEADS
        )
    ]:
        start = span.start
        for _ in range(1):
            word = _MODIFIER_BEFORE.search(text, max(0, start - 40), start)
            if not word:
                break
            token = word.group(1)
            low = token.lower()
            if low in stop or token.islower() and _VERB_SUBJECT_BEFORE.search(text, max(0, word.start(1) - 12), word.start(1)) or (span.type is EntityType.METRIC and low in _METRIC_MODIFIER_STOP) or _NOT_MODIFIER.search(low) or (low.endswith(("ly", "ing", "ed")) and not low.endswith(("ized", "ised"))) or len(low) < 3 or any(
                s is not span and s.start < start and word.start(1) < s.end for s in kept
            ):
                break
            start = word.start(1)
        if start < span.start:
            group = span.group or f"task:{span.start}"
            kept.append(replace(span, shadow=True, group=group, canonical=None))
            span.start, span.group, span.canonical, span.long_form = start, group, None, True
            span.extractor = "lexicon+modifier"


@lru_cache(maxsize=None)
def _method_words() -> frozenset[str]:
    from extractors.patterns import cues  # noqa: PLC0415

    return frozenset(cues()["method_words"].split("|"))


@lru_cache(maxsize=None)
def _generic_last_words() -> frozenset[str]:
    from extractors.patterns import cues  # noqa: PLC0415

    return frozenset(cues()["generic_last_word"].split("|"))


def _plausible(name: str, cand: Candidate, abstract: str, combined: str) -> bool:
    """Guards for names spelled only in Title Case, where capitals alone prove little.

    A title prefix must be spelled like a name, be one hyphened word of capitals ("V-Net: ...") or
    recur in the abstract ("Embers of Autoregression: ..." is a catchy phrase); a lone Capitalised word after "we present" must
    recur; a Title Case phrase found by a weaker rule must not end in a generic word ("Training
    Algorithms benchmark").
    """
    if _GENERIC_SUFFIX.search(name) or _PREFIXED_ACRONYM.match(name):
        return False  # "RAG-specific", "LLM-driven", "post-DPO"
    if strongly_named(name):
        return True
    if cand.rule == "title":
        if " " not in name and not looks_like_name(name):  # one coined word: written again with its capital
            return _count_words(name, abstract, 1) == 1 and not is_generic(name)
        return name in abstract or _HYPHENED_CAPITALS.fullmatch(name) is not None
    words = name.split()
    if len(words) == 1 and cand.rule in ("intro", "naming") and "-" not in name:
        return _count_words(name, combined, 2) >= 2 or context.model_by_context(name, combined)
    last = words[-1].lower()
    if cand.rule not in ("intro", "naming") and last in _generic_last_words():
        return False
    if _GENERIC_SUFFIX.search(last) or _PREFIXED_ACRONYM.match(words[-1]):
        return False
    if len(words) > 1 and any(sum(c.isupper() for c in w) >= 2 and is_generic(w) for w in words):
        return False  # "QA with LLMs"
    return True


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_-"  # what [\w-] matches


def _count_words(name: str, text: str, limit: int) -> int:
    """``len(re.findall(rf"(?<![\\w-]){re.escape(name)}(?![\\w-])", text))`` up to ``limit``, without compiling a pattern."""
    count = 0
    pos = text.find(name)
    while pos >= 0 and count < limit:
        end = pos + len(name)
        if (pos == 0 or not _is_word_char(text[pos - 1])) and (end == len(text) or not _is_word_char(text[end])):
            count += 1
            pos = text.find(name, end) if name else -1
        else:
            pos = text.find(name, pos + 1)
    return count


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _name_ends_at(text: str, end: int) -> bool:
    """What ``(?![\\w^]|-[A-Za-z0-9])`` tests at ``end``: no word character, caret or "-x" follows."""
    if end >= len(text):
        return True
    char = text[end]
    if char.isalnum() or char in "_^":
        return False
    return not (char == "-" and text[end + 1 : end + 2] in _ASCII_ALNUM)


def find_occurrences(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    r"""Where ``names`` occur in ``text`` as whole names, left to right, the longest at each place.

    The spans ``re.finditer`` gives for ``(?<![\w-])(?:NAME|...)(?![\w^]|-[A-Za-z0-9])`` with
    the names longest first; a paper's names differ from every other paper's, and compiling
    that pattern for each paper cost more than the search itself.

    >>> find_occurrences("Olmo Hybrid beats Olmo-7B and Olmo.", ["Olmo", "Olmo Hybrid"])
    [(0, 11), (30, 34)]
    """
    found: list[tuple[int, int]] = []
    for name in names:
        pos = text.find(name) if name else -1
        while pos >= 0:
            end = pos + len(name)
            if (pos == 0 or not _is_word_char(text[pos - 1])) and _name_ends_at(text, end):
                found.append((pos, end))
            pos = text.find(name, pos + 1)
    found.sort(key=lambda span: (span[0], span[0] - span[1]))
    out: list[tuple[int, int]] = []
    cursor = 0
    for start, end in found:
        if start >= cursor:
            out.append((start, end))
            cursor = end
    return out


def _method_like(long_form: str) -> bool:
    """Whether a long form contains a word that names a technique ("learning", "attention", ...)."""
    words = _method_words()
    return any(w in words for w in _LOWER_HYPHENED.findall(long_form.lower()) + _LOWER_RUN.findall(long_form.lower()))


@lru_cache(maxsize=None)
def _task_modifier_stop() -> frozenset[str]:
    from extractors.patterns import cues  # noqa: PLC0415

    return frozenset(cues()["task_modifier_stop"].split("|"))


def _ner_name_ok(name: str) -> bool:
    """Whether an NER span with no lexicon entry is spelled like a name, generic acronyms aside.

    "RewardFusion" and "BigBench" pass; "RM training", "Fine-Tune LLM" and "MLLM community" do not.
    """
    words = name.split()
    if len(words) > 4 or is_generic(name) or not looks_like_name(name):
        return False
    if name.isupper() and (len(words) > 1 or len(name) > 6):
        return False  # "DRAW SAMPLES", "LEARNING": shouted words, not acronyms
    return strongly_named(" ".join(w for w in words if not is_generic(w)))


def _shadows(spans: list[_Span], kept: list[_Span]) -> list[_Span]:
    """Shorter spans inside a kept span that name the same thing ("CoT" in "CoT reasoning").

    They become extra mentions of the same entity, so every surface form is recorded.
    """
    out = []
    for span in spans:
        if span.canonical is None or any(k is span or (k.start == span.start and k.end == span.end and k == span) for k in kept):
            continue  # (the test is ``span in kept``, skipping the field-by-field compare of spans elsewhere)
        for outer in kept:
            if outer.canonical == span.canonical and outer.start <= span.start and span.end <= outer.end and outer.length > span.length:
                out.append(replace(span, type=outer.type, group=outer.group, introduced=outer.introduced, shadow=True))
                break
    return out


def _select(spans: list[_Span]) -> list[_Span]:
    """Non-overlapping spans: longest first, then by extractor priority (acronym, lexicon, shape)."""
    kept: list[_Span] = []
    for span in sorted(spans, key=lambda s: (-s.length, _PRIORITY.get(s.extractor, 9), s.start)):
        if not any(_overlaps(span, k) for k in kept):
            kept.append(span)
    return kept
