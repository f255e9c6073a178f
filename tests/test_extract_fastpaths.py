"""The fast paths of extraction give exactly what the simple code they replace gave.

Each helper is checked against the plain regular expression or list scan it stands for, on
generated text built from the characters that matter (blanks, hyphens, case, punctuation).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.acronyms import _last_word
from extractors.context import _SIZED_AFTER, _TRAINED_AFTER, model_by_context
from extractors.models import _sentence_initial, find_model_names
from extractors.patterns import _HEAD_RULE_NOUNS, _head_rule_noun_at, _rules
from extractors.pipeline import _URL, _VIEW_TABLE, Extractor, _count_words, find_occurrences, text_view
from kg.readers import read_inputs
from kg.types import Paper


@pytest.fixture(scope="module")
def example_papers(examples_dir):
    return read_inputs([examples_dir]).papers

_ALPHABET = st.sampled_from(list("aAbB zZ-_.,;:!?()9\t\n\u00a0\u212aKk") + ["model", "Bench", "GPT", "score", " we ", "Llama2"])
TEXT = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=400))
def test_last_word_is_the_anchored_search_on_the_prefix(text, cut):
    long_text = text * 5  # long enough to cross the 200-character window
    end = min(cut, len(long_text))
    fast = _last_word(long_text, end)
    slow = re.search(r"(\S+)\s*$", long_text[:end])
    assert (fast and (fast.span(), fast.span(1))) == (slow and (slow.span(), slow.span(1)))


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["model", "Bench", "GPT", "a", "K", "Llama2", "we"]))
def test_count_words_is_findall_with_word_boundaries(text, name):
    slow = len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))
    assert _count_words(name, text, 2) == min(slow, 2)


_CONTEXT_TEXT = st.lists(
    st.sampled_from(list("aAK-_ .,9\u212a") + ["Orion", "Orion-7B", "-13B", " 1.5M", ", which is", " was", " further", " trained", " fine-tuned", " on", " has 7B parameters", "pre"]),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_CONTEXT_TEXT, st.sampled_from(["Orion", "Orion-7B", "a", "K", "-", "Ori on"]))
def test_model_by_context_is_the_pattern_of_the_name(text, name):
    slow = re.search(rf"(?<![\w-]){re.escape(name)}(?:{_SIZED_AFTER}|(?![\w-])(?:{_TRAINED_AFTER}))", text)
    assert model_by_context(name, text) == (slow is not None)


_NAMES = st.lists(st.sampled_from(["model", "Bench", "GPT", "GPT-4", "Llama2", "a", "K", "\u212aey", "Bench^2", "we model"]), min_size=1, max_size=4, unique=True)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("aAK-_^.,;: 49\u00e9\u212a") + ["model", "Bench", "GPT", "Llama2", "-4", " we "]), max_size=40).map("".join), _NAMES)
def test_find_occurrences_is_the_longest_first_alternation(text, names):
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w^]|-[A-Za-z0-9])")
    assert find_occurrences(text, names) == [m.span() for m in pattern.finditer(text)]


def _text_view_before(text: str) -> str:
    """``text_view`` as first written: the URL pattern ran whenever a slash appeared."""
    text = text.translate(_VIEW_TABLE)
    if "://" in text or "www." in text or "@" in text or "/" in text:
        text = _URL.sub(lambda m: " " * len(m.group()), text)
    return text


_URLISH = st.lists(
    st.sampled_from(["and/or", " ", "github.com/x", "a.org", "/", "\\url{x}", "\\url{x y}", "www.", "x@y.io", "http", "://", ".com", "~", "Ab", ".",
                     "\t", "\n", "\u00a0", "\u2009", "\u2011", "-", "@", "https://a.b/c", "x.io/", "(", ")"]),
    max_size=16,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_URLISH)
def test_text_view_runs_the_url_pattern_only_where_it_can_match(text):
    assert text_view(text) == _text_view_before(text)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=60))
def test_sentence_initial_is_the_stripped_prefix_test(text, start):
    start = min(start, len(text))
    before = text[:start].rstrip()
    assert _sentence_initial(text, start) == (not before or before[-1] in ".!?:;")


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(sorted(_HEAD_RULE_NOUNS) + ["benchmarking", "Models", "MODEL", "\u212aey"]))
def test_head_noun_precheck_never_hides_a_head_rule_match(prefix, word):
    text = prefix + " " + word + " x"
    head = _rules()["head"].match(text, len(prefix))
    if head and head.group("head").lower() in _HEAD_RULE_NOUNS:
        assert _head_rule_noun_at(text, len(prefix) + 1)


def test_extractors_share_the_built_matcher_while_lexicon_files_are_unchanged(tmp_path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text('{"name": "FooBench", "type": "Benchmark"}\n', encoding="utf-8")
    a, b = Extractor(lexicon_paths=[extra], use_ner=False), Extractor(lexicon_paths=[extra], use_ner=False)
    assert a.matcher is b.matcher
    extra.write_text('{"name": "FooBench", "type": "Benchmark"}\n{"name": "BarNet", "type": "Model"}\n', encoding="utf-8")
    c = Extractor(lexicon_paths=[extra], use_ner=False)
    assert c.matcher is not a.matcher
    found = {e.name for e in c.extract(Paper(id="p", abstract="We train BarNet on FooBench.")).entities}
    assert {"FooBench", "BarNet"} <= found


def test_tokenizer_cache_is_large_enough_for_a_corpus():
    # spaCy's default (10,000 chunks) is filled by the lexicon patterns alone, after which
    # every word of every abstract is tokenised from scratch.
    assert Extractor(use_ner=False).nlp.tokenizer.max_cache_size >= 100_000


def test_streaming_and_single_paper_extraction_agree(example_papers):
    ex = Extractor(use_ner=False)
    papers = list(example_papers)[:40]
    assert list(ex.extract_many(papers)) == [ex.extract(p) for p in papers]


def test_model_names_found_the_same_with_a_frozen_family_set():
    text = "Llama2-13B-Chat and Qwen2.5-7B beat Gopher 280B. Can 1B help?"
    families = {"llama", "qwen"}
    assert find_model_names(text, frozenset(families)) == find_model_names(text, families)


def test_batched_ner_matches_per_field_ner(example_papers):
    ex = Extractor(use_ner=True)
    if ex.ner is None:
        pytest.skip("no trained NER model installed")
    papers = list(example_papers)[:12]
    assert list(ex.extract_many(papers)) == [ex.extract(p) for p in papers]


_MODELISH = st.lists(
    st.sampled_from(["Llama", "GPT", "-", "4o", "2.5", " ", "7B", " v2", "13B", "x", "@", "/", ".", "^", "%", "Qwen2", "-Chat", "\n", "3", "_", "é"]),
    max_size=14,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_MODELISH)
def test_model_scan_finds_what_the_look_behind_pattern_finds(text):
    from extractors.models import _MODEL_RE, _MODEL_SCAN

    fast = [(m.start("name") - 1, m.end() - 1, m.group("compound"), m.group("spaced")) for m in _MODEL_SCAN.finditer(" " + text)]
    slow = [(m.start(), m.end(), m.group("compound"), m.group("spaced")) for m in _MODEL_RE.finditer(text)]
    assert fast == slow


def _sentence_spans_before(text: str) -> list[tuple[int, int]]:
    """``sentence_spans`` as first written, with the end punctuation looked behind for."""
    from extractors.text import _ABBREV

    spans, start = [], 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9])", text):
        if _ABBREV.search(text[max(0, match.start() - 8) : match.start()]) and _ABBREV.search(text, 0, match.start()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text.rstrip()) if text.rstrip() else len(text)))
    return [(s, e) for s, e in spans if e > s]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([".", "!", "?", " ", "  ", "\n", "A", "a", "e.g.", "i.e.", "9", "(", "'", "We", "et al."]), max_size=20).map("".join))
def test_sentence_spans_match_the_look_behind_pattern(text):
    from extractors.text import sentence_spans

    assert sentence_spans(text) == _sentence_spans_before(text)


_RULE_TEXT = st.lists(
    st.sampled_from(["named", "called", "dubbed", "as", " ", ", ", "the ", '"', "BERT", "GPT-4", "MMLU", "We", "we", "This paper", "this work",
                     "Here, we", "Here we", "propose", "also", "a", "x", "_", "-", "\n", "Twe", "renamed", "tHis paper"]),
    max_size=18,
).map("".join)


def _match_spans(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), {name: m.span(name) for name in pattern.groupindex}) for m in pattern.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(_RULE_TEXT)
def test_word_led_rules_match_their_word_boundary_forms(text):
    from extractors.patterns import _compile

    fast, plain = _rules(), _compile(fast=False)
    for name in ("intro", "naming"):
        assert _match_spans(fast[name], text) == _match_spans(plain[name], text), name


def test_word_led_rules_match_their_word_boundary_forms_on_the_examples(example_papers):
    from extractors.patterns import _compile

    fast, plain = _rules(), _compile(fast=False)
    assert fast["intro"].pattern != plain["intro"].pattern and fast["naming"].pattern != plain["naming"].pattern  # the fast forms are in use
    for paper in example_papers:
        for text in (paper.title or "", paper.abstract or ""):
            for name in ("intro", "naming"):
                assert _match_spans(fast[name], text) == _match_spans(plain[name], text), (paper.id, name)


_LONGISH = st.lists(st.sampled_from(["a", "A", "b", "B", "c", " ", "-", "\n", "ab", "Chain", "of", "Thought", "1", "x", "ς", "Σ", "İ", "é"]), max_size=16).map("".join)
_SHORTISH = st.lists(st.sampled_from(["A", "B", "C", "a", "b", "c", "1", "-", "T", "o", "Σ", "İ"]), min_size=1, max_size=5).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_SHORTISH, _LONGISH)
def test_best_long_form_by_rfind_matches_the_character_loop(short, long_text):
    from extractors.acronyms import _best_long_form_chars, best_long_form

    assert best_long_form(short, long_text) == _best_long_form_chars(short, long_text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([";", ":", "(", ")", "[", "]", ".", "!", "?", ",", " ", "\n", "which", "while", "and we", "a", "thatx"]), max_size=16).map("".join))
def test_clause_break_matches_the_plain_alternation(text):
    from extractors.acronyms import _CLAUSE_BREAK

    plain = re.compile(r"[;:()\[\]]|[.!?]\s|,\s(?:which|where|that|and we|while)\b")
    assert [m.span() for m in _CLAUSE_BREAK.finditer(text)] == [m.span() for m in plain.finditer(text)]


_LEAD_ALPHABET = st.sampled_from(
    list("aA oO(),.9-\n_") + ["on", "on ", "onto", "over ", "like\t", "including ", "includes ", "include", "such as ", "e.g., ",
                           "e.g. ", "tion ", " and ", "or ", "BoolQ", "GSM8K", "the ", "We ", "we", "were", "This paper ", "this work",
                           "Here, we ", "here we", "propose ", "introduce ", "a new ", "Answer"]
)


@pytest.mark.parametrize("rule", ["intro", "list"])
@settings(max_examples=500, deadline=None)
@given(text=st.lists(_LEAD_ALPHABET, max_size=40).map("".join))
def test_rule_matches_are_the_rule_s_finditer(rule, text):
    from extractors.patterns import rule_matches

    assert [m.span() for m in rule_matches(rule, text)] == [m.span() for m in _rules()[rule].finditer(text)]


@pytest.mark.parametrize("rule", ["intro", "list"])
def test_rule_matches_on_every_example_abstract(rule, example_papers):
    from extractors.patterns import rule_matches

    for paper in example_papers:
        for text in (paper.title or "", paper.abstract or ""):
            assert [m.groupdict() | {"span": m.span()} for m in rule_matches(rule, text)] == [
                m.groupdict() | {"span": m.span()} for m in _rules()[rule].finditer(text)
            ]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("aK\u212a .-9\u0663") + ["2410", ".0361", "1234.5678", "v2", "12345"]), max_size=30).map("".join))
def test_new_style_gate_is_the_digit_pattern(text):
    from extractors.arxiv_ids import _has_new_style_digits

    assert _has_new_style_digits(text) == bool(re.search(r"\d{4}\.\d{4}", text))


_CUE_ALPHABET = st.sampled_from(list("aA s-.\u212a\u017f\u0130") + ["Benchmark", "GAIN", "gains", "tests", "Evaluated", "STATE-of-the-ART", "perForm", "i", "k"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_CUE_ALPHABET, max_size=20).map("".join))
def test_eval_cue_test_is_the_case_blind_pattern(sentence):
    from extractors.patterns import _eval_cue, has_eval_cue

    assert has_eval_cue(sentence) == bool(_eval_cue().search(sentence))


_PHRASE_ALPHABET = st.sampled_from(list("aA9 -.,;:()^+_\u00e9\u212a\t") + ["GPT-4", " of ", "Bench", " for ", "Llama2", "  "])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PHRASE_ALPHABET, max_size=40).map("".join))
def test_proper_phrase_words_are_its_blank_split(text):
    from extractors.patterns import _COMP_RE, _is_compound, proper_phrases

    for start, end in proper_phrases(text):
        phrase = text[start:end]
        assert phrase.split(" ") == re.findall(r"[^\s,;:()]+", phrase)
    for word in re.findall(r"[\w^+.-]+", text):
        assert _is_compound(word) == bool(_COMP_RE.fullmatch(word))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("aZ .-\u00e9\u00b2\u0663\u2167") + ["0", "7", "9", "x"]), max_size=20).map("".join))
def test_digit_test_is_the_digit_pattern(text):
    from extractors.models import _has_digit

    assert _has_digit(text) == bool(re.search(r"\d", text))


_MODEL_ALPHABET = st.sampled_from(list("aZv .-_@/^9\t\u00e9\u0663") + ["GPT-4o", "Llama", "2", "7B", " v2", " 13B", "Qwen2.5", "3.8", "x", "%"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_MODEL_ALPHABET, max_size=30).map("".join))
def test_model_scan_is_the_pattern_s_finditer(text):
    from extractors.models import _MODEL_SCAN, _scan

    padded = " " + text
    assert [m.span("name") for m in _scan(padded)] == [m.span("name") for m in _MODEL_SCAN.finditer(padded)]


# -- roles: the judged-once sentence view and the required-word gates give the plain cue scan's roles

from extractors.roles import _COINED, _APPOSED, _NOT_OBJECT, _gap, _is_modifier, _scopes, fold, load_cues, required_words, sentence_role  # noqa: E402
from kg.types import Role  # noqa: E402


def _plain_sentence_role(sentence: str, start: int, end: int) -> Role:
    """``sentence_role`` as first written: every cue searched over its scope, in file order."""
    texts = _scopes(sentence, start, end)
    modifier = _is_modifier(texts["before"], texts["after"])
    coined = bool(_COINED.search(sentence[start:end]))
    score = {"use": 0, "mention": 0}
    for cue in load_cues():
        if cue.kind == "notintro":
            continue
        match = cue.pattern.search(texts[cue.scope])
        if match is None:
            continue
        if cue.kind in ("intro", "introname"):
            gap = _gap(match)
            if not (modifier or _NOT_OBJECT.search(gap) or _APPOSED.search(gap) or (cue.kind == "introname" and not coined)):
                return Role.INTRODUCES
            continue
        score[cue.kind] += cue.weight
    return Role.MENTIONS if score["mention"] > score["use"] else Role.USES


def test_sentence_role_is_the_plain_cue_scan_on_every_name_of_the_examples(example_papers):
    from extractors.text import sentence_spans

    judged = 0
    for paper in example_papers:
        text = paper.abstract or ""
        for s_start, s_end in sentence_spans(text):
            sentence = text[s_start:s_end]
            for match in re.finditer(r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)?|\b(?:accuracy|reward models?|benchmarks?)\b", sentence):
                assert sentence_role(sentence, *match.span()) == _plain_sentence_role(sentence, *match.span()), (sentence, match.group())
                judged += 1
    assert judged > 2000


def test_every_cue_of_the_roles_file_that_can_be_gated_is():
    ungated = [c.pattern.pattern[:40] for c in load_cues() if c.needs is None]
    assert not ungated, ungated


_GATE_PIECES = sorted({w for c in load_cues() for w in (c.needs or ())}) + [" ", "we ", "our ", ", ", "e.g., ", "7", "(1) ", ": ", ".", "İ", "ſ", "\u212a", "X-7B", "\u0131"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_GATE_PIECES), max_size=14), st.booleans())
def test_a_cue_matches_only_text_holding_one_of_its_required_words(pieces, shout):
    text = "".join(pieces)
    text = text.upper() if shout else text
    folded = fold(text)
    for cue in load_cues():
        if cue.needs is not None and cue.pattern.search(text):
            assert any(word in folded for word in cue.needs), (cue.pattern.pattern[:60], text)


def test_required_words_reads_literals_alternatives_and_repeats():
    assert required_words(re.compile(r"\b(?:such as|like)\b", re.I)) == {"such as", "like"}
    assert required_words(re.compile(r"(?:a|b)?\s+(?:evaluat\w*|test)+ on", re.I)) == {"evaluat", "test"}
    assert required_words(re.compile(r"\d+\s?%", re.I)) == {"%"}
    assert required_words(re.compile(r"(?:x|)y?", re.I)) is None  # an empty alternative promises nothing
    assert required_words(re.compile(r"such as")) is None  # only case-insensitive patterns are gated

