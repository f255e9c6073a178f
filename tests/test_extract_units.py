"""Each extractor on real sentences from the seed abstracts."""

from __future__ import annotations

import pytest

from extractors.acronyms import find_acronyms
from extractors.arxiv_ids import find_arxiv_ids, normalize_arxiv_id
from extractors.context import long_form_type, shape_type
from extractors.filtering import is_generic
from extractors.models import find_model_names
from extractors.patterns import find_candidates
from extractors.resolve import fold_key
from kg.types import EntityType, Paper

FAMILIES = {"llama", "qwen", "gpt", "claude", "phi", "gemma", "mistral", "olmo", "olmoe", "gemini"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arXiv:2510.15242", ["2510.15242"]),
        ("see https://arxiv.org/abs/2301.09244v3 for details", ["2301.09244"]),
        ("old style cs/0601001 and hep-th/9901001v2", ["cs/0601001", "hep-th/9901001"]),
        ("arxiv.org/pdf/2404.07143.", ["2404.07143"]),
        ("not an id: 2413.00001, 1.5 or 3.14159, version 12.0345", []),
        ("a phone 555-1234 and year 2024", []),
    ],
)
def test_arxiv_ids_found_validated_and_normalised(text, expected):
    found = find_arxiv_ids(text)
    assert [m.arxiv_id for m in found] == expected
    for m in found:
        assert m.arxiv_id.split("/")[-1][:4] in text[m.start : m.end]


def test_arxiv_ids_normalize_single_value():
    assert normalize_arxiv_id("arXiv:2410.03617v2") == "2410.03617"
    assert normalize_arxiv_id("hello") is None


@pytest.mark.parametrize(
    ("sentence", "short", "long"),
    [
        ("In this work, we propose Dual-Weighted Reinforcement Learning (DWRL), a new framework", "DWRL", "Dual-Weighted Reinforcement Learning"),
        ("We present FRAMES (Factuality, Retrieval, And reasoning MEasurement Set), a high-quality eval", "FRAMES", "Factuality, Retrieval, And reasoning MEasurement Set"),
        ("scaling chain-of-thought (CoT) reasoning in large language models", "CoT", "chain-of-thought"),
        ("with the Bradley-Terry (BT) model via a dual-weighted RL objective", "BT", "Bradley-Terry"),
        ("we introduce Automatic Reasoning and Tool-use (ART), a framework", "ART", "Automatic Reasoning and Tool-use"),
    ],
)
def test_acronyms_both_directions_with_exact_offsets(sentence, short, long):
    defs = find_acronyms(sentence)
    assert [(d.short, d.long) for d in defs] == [(short, long)]
    d = defs[0]
    assert sentence[d.short_start : d.short_end] == short
    assert sentence[d.long_start : d.long_end] == long


def test_acronyms_ignore_parenthetical_numbers_and_remarks():
    assert find_acronyms("notable accuracy gains for short reasoning outputs (+5.44%), along with (e.g. search/running code)") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Across multiple benchmarks and model scales (Llama3 and Qwen2.5), DWRL", ["Llama3", "Qwen2.5"]),
        ("outperforms Llama2-13B-Chat and DeepSeekMoE-16B", ["Llama2-13B-Chat", "DeepSeekMoE-16B"]),
        ("we release OLMoE-1B-7B-Instruct", ["OLMoE-1B-7B-Instruct"]),
        ("models like Llama 3 8B, Phi 3 3.8B, Mistral 7B and Gemma 7B", ["Llama 3 8B", "Phi 3 3.8B", "Mistral 7B", "Gemma 7B"]),
        ("it beats Gopher 280B, GPT-4o and Claude-4.5-Opus", ["Gopher 280B", "GPT-4o", "Claude-4.5-Opus"]),
        ("Can 1B models help? Surpass 405B results.", []),
        ("a GPT-4-based evaluator", ["GPT-4"]),
        ("8B LLMs and 70B models, top-1 and Top-5 and Table 3", []),
        # a spaced variant word belongs to the name; a phrase about models after it does not
        ("against GPT-4 Turbo, Claude 3 Opus and Phi-3 Mini", ["GPT-4 Turbo", "Claude 3 Opus", "Phi-3 Mini"]),
        ("GPT-4 Large language models and Llama2 Vision models", ["GPT-4", "Llama2"]),
        # a variant hyphened to a spaced version of a known family, and dated snapshots
        ("versus Qwen 2.5-Instruct and Claude 3.5-Haiku, not Stage 2-Base", ["Qwen 2.5-Instruct", "Claude 3.5-Haiku"]),
        ("GPT-3.5-turbo-0301, gpt-4-0613 and Gemini-1.5-Pro-002 answer", ["GPT-3.5-turbo-0301", "gpt-4-0613", "Gemini-1.5-Pro-002"]),
        ("we show 1 result for all 9 tasks", []),
    ],
)
def test_model_shapes(text, names):
    assert [m.text for m in find_model_names(text, FAMILIES)] == names


def test_size_words_size_checkpoints_of_known_families_only():
    found = find_model_names("T5-XL and mT5-XXL beat Stage-2 Large and CC-BY-4.0", FAMILIES | {"t5", "mt5"})
    assert [(m.text, m.family, m.has_size) for m in found] == [("T5-XL", "T5", True), ("mT5-XXL", "mT5", True)]


def test_a_sized_or_variant_checkpoint_is_a_model_of_its_family(extractor):
    paper = Paper(id="x", title="A study", abstract="We fine-tune T5-XL and compare it with GPT-4 Turbo on SuperGLUE; experiments show accuracy gains.")
    entities = {e.name: e for e in extractor.extract(paper).entities}
    assert (entities["T5-XL"].type, entities["T5-XL"].family) == (EntityType.MODEL, "T5")
    assert (entities["GPT-4 Turbo"].type, entities["GPT-4 Turbo"].family) == (EntityType.MODEL, "GPT-4")
    assert "accuracy" in entities and "show accuracy" not in entities  # a verb is no modifier of the metric


def test_sized_checkpoint_ending_in_instruct_is_a_model(extractor):
    paper = Paper(id="x", abstract="We compare Zeta-7B-Instruct and Qwen 2.5-Instruct with GPT-4 on MMLU; CopyBench-2 is harder.")
    types = {e.name: e.type for e in extractor.extract(paper).entities}
    assert types["Zeta-7B-Instruct"] is EntityType.MODEL and types["Qwen 2.5-Instruct"] is EntityType.MODEL
    assert types["CopyBench-2"] is EntityType.BENCHMARK


def test_model_shape_family_of_checkpoint():
    (m,) = find_model_names("Llama2-13B-Chat", FAMILIES)
    assert (m.family, m.has_size, m.has_variant) == ("Llama2", True, True)


def test_patterns_introduction_and_apposition():
    text = "Building on this insight, we introduce ThinkEdit, a simple yet effective weight-editing approach to mitigate the issue."
    found = {(text[c.start : c.end], c.rule, c.type) for c in find_candidates(text)}
    assert ("ThinkEdit", "intro", None) in found
    assert ("ThinkEdit", "apposition", EntityType.METHOD) in found


def test_patterns_dataset_apposition_types_benchmark():
    text = "We introduce CREPE, a QA dataset containing a natural distribution of presupposition failures."
    types = {c.type for c in find_candidates(text) if text[c.start : c.end] == "CREPE"}
    assert EntityType.BENCHMARK in types


def test_patterns_list_in_evaluation_context():
    text = "ART achieves a substantial improvement over few-shot prompting on unseen tasks in the BigBench and MMLU benchmarks."
    names = {text[c.start : c.end] for c in find_candidates(text)}
    assert {"BigBench", "MMLU"} <= names


def test_patterns_title_prefix_is_introduced():
    title = "CopyBench: Measuring Literal and Non-Literal Reproduction of Copyright-Protected Text"
    (cand,) = [c for c in find_candidates(title, "title") if c.rule == "title"]
    assert title[cand.start : cand.end] == "CopyBench" and cand.introduced


def test_patterns_title_case_words_in_titles_are_not_names():
    title = "Sliding Windows Are Not the End: Exploring Full Ranking with Long-Context Large Language Models"
    assert [title[c.start : c.end] for c in find_candidates(title, "title")] == []


def test_context_types_from_long_form_and_shape():
    assert long_form_type("Factuality, Retrieval, And reasoning MEasurement Set") is EntityType.BENCHMARK
    assert long_form_type("equal error rate") is EntityType.METRIC
    assert long_form_type("Automatic Speech Recognition") is EntityType.TASK
    assert shape_type("AIR-Bench") is EntityType.BENCHMARK
    assert shape_type("FLAMe-RM-24B") is EntityType.MODEL


@pytest.mark.parametrize("name", ["LLMs", "LLM", "large language models", "8B LLMs", "Multimodal Large Language Models"])
def test_generic_terms_are_filtered(name):
    assert is_generic(name)


@pytest.mark.parametrize("name", ["ToMi", "RLHF", "GPT-4", "FRAMES", "reinforcement learning"])
def test_named_things_are_not_generic(name):
    assert not is_generic(name)


def test_fold_key_merges_case_hyphen_space_and_plural():
    assert fold_key("Reward Models") == fold_key("reward-model") == fold_key("reward model")


def test_lexicon_file_errors_name_file_and_line(tmp_path):
    from extractors.lexicon import LexiconError, read_lexicon_file

    path = tmp_path / "mine.jsonl"
    path.write_text('{"name": "A", "type": "Model", "aliases": []}\n{"name": "B", "type": "Gadget"}\n')
    with pytest.raises(LexiconError, match=r"mine\.jsonl:2: unknown type 'Gadget'"):
        read_lexicon_file(path)


def test_lexicon_acronyms_match_case_sensitively(tmp_path):
    import spacy

    from extractors.lexicon import Lexicon, LexiconMatcher, read_lexicon_file

    path = tmp_path / "mine.jsonl"
    path.write_text(
        '{"name": "ART", "type": "Method", "aliases": []}\n'
        '{"name": "exact match", "type": "Metric", "aliases": ["EM"]}\n'
    )
    nlp = spacy.blank("en")
    matcher = LexiconMatcher(nlp.vocab, Lexicon(read_lexicon_file(path)), nlp.make_doc)
    text = "state-of-the-art ART gets Exact Match and EM gains"
    found = sorted({text[h.start : h.end] for h in matcher(nlp.make_doc(text))})
    assert found == ["ART", "EM", "Exact Match"]


def test_metric_cutoff_shapes():
    from extractors.metrics import find_metric_names

    text = "a 7B model can obtain 94.0 pass@1 accuracy on MATH-500; nDCG@10 on BEIR; mail me@x.org"
    assert [(m.text, text[m.start : m.end]) for m in find_metric_names(text)] == [("pass@1", "pass@1"), ("nDCG@10", "nDCG@10")]


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("Responses are scored with Distinct-n.", "Distinct-n"),
        ("We distil it into Pythia 410m.", "Pythia 410M"),
        ("We also report results on SemEval-2010 Task 8.", "SemEval-2010 Task 8"),
    ],
)
def test_lexicon_names_ending_a_sentence_in_a_single_letter(sentence, name):
    """spaCy's abbreviation exceptions ("n.", "m.") would glue the full stop to the name's last letter."""
    from extractors.pipeline import Extractor

    result = Extractor(use_ner=False).extract(Paper(id="p", abstract=sentence))
    assert name in {e.name for e in result.entities}


@pytest.mark.parametrize(
    "module",
    ["extractors.patterns", "extractors.pipeline", "extractors.acronyms", "extractors.models", "extractors.resolve",
     "extractors.text", "extractors.arxiv_ids", "extractors.metrics", "extractors.context", "extractors.filtering"],
)
def test_extractor_docstring_examples_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_evidence_sentence_of_each_offset():
    from extractors.text import Sentences

    text = "We use BERT.  It works, e.g. There on MMLU. Last one"
    sentences = Sentences(text)
    assert [sentences.sentence(text.index(word)) for word in ("BERT", "works", "MMLU", "MMLU", "Last")] == [
        "We use BERT.", "It works, e.g. There on MMLU.", "It works, e.g. There on MMLU.", "It works, e.g. There on MMLU.", "Last one",
    ]
    assert Sentences("   ").sentence(0) == ""
