"""Rules that type a paper's own model by context and accept metrics only where results are reported.

Sentences are written for these tests (names like "Orion" are made up), so they check the rules,
not memorised answers.
"""

from __future__ import annotations

import pytest

from extractors.context import model_by_context
from extractors.metrics import reported_metric
from extractors.pipeline import Extractor
from kg.types import Paper


def entities(extractor: Extractor, abstract: str, title: str = "") -> dict[str, str]:
    """Entity name -> type for one made-up paper."""
    result = extractor.extract(Paper(id="t", title=title, abstract=abstract))
    return {e.name: e.type.value for e in result.entities}


# -- metrics that need context ------------------------------------------------------------


@pytest.mark.parametrize(
    ("abstract", "metric"),
    [
        ("Our agent reaches a success rate of 62% on the new suite.", "success rate"),
        ("The planner improves the success rate by 12 points.", "success rate"),
        ("Our method reduces latency by 40% on long prompts.", "latency"),
        ("It achieves 3x higher throughput than the baseline server.", "throughput"),
        ("The calibrated sets attain 95% coverage with smaller sizes.", "coverage"),
        ("We compare systems in terms of latency and cost.", "latency"),
        ("The student matches the teacher but with lower calibration error.", "calibration"),
        ("We report accuracy, latency and throughput for each system.", "throughput"),
    ],
)
def test_context_metric_found_where_a_result_is_reported(extractor, abstract, metric):
    assert entities(extractor, abstract).get(metric) == "Metric"


@pytest.mark.parametrize(
    "abstract",
    [
        "Many latency-sensitive applications need small models.",
        "We study the coverage of existing benchmarks in the literature.",
        "Success rate is hard to define for open-ended tasks.",
        "The throughput of the field has grown every year.",
    ],
)
def test_context_metric_not_found_as_a_plain_word(extractor, abstract):
    found = entities(extractor, abstract)
    assert not any(t == "Metric" for t in found.values()), found


def test_reported_metric_reads_numbers_comparisons_and_verbs():
    text = "It cuts latency to 20 ms, a 40% lower latency, while latency budgets stay fixed."
    spans = [(i, i + 7) for i in range(len(text)) if text.startswith("latency", i)]
    assert [reported_metric(text, a, b) for a, b in spans] == [True, True, False]


# -- a paper's own model -------------------------------------------------------------------


@pytest.mark.parametrize(
    "abstract",
    [
        "Our model, Orion, outperforms GPT-4 on MMLU.",
        "We train Orion on two trillion tokens. Orion beats BERT on GLUE.",
        "We present Orion, a decoder-only transformer pretrained on web text. Orion beats BERT.",
        "We present Orion. Orion is a language model trained on code.",
        "We introduce Orion, a suite of open models. Orion beats BERT.",
        "We present Orion, which is trained on synthetic data. Orion reaches 86% on GSM8K.",
        "We release the Orion family. Orion-7B outperforms Llama 2 on MMLU.",
        "We release long-context models which we call Orion. Orion beats Llama 2.",
    ],
)
def test_a_name_the_paper_introduces_as_its_model_is_a_model(extractor, abstract):
    assert entities(extractor, abstract).get("Orion") == "Model"


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("We propose Orion, a novel framework for retrieval. Orion outperforms BERT.", "Method"),
        ("We introduce Orion, a suite of 12 tasks. Orion is hard for GPT-4.", "Benchmark"),
        ("This paper proposes a new RL framework, termed Orion, for math. With Orion, Orion-32B beats GPT-4.", "Method"),
        ("We present Orion, which trains a policy with RL. Orion beats PPO.", "Method"),
    ],
)
def test_a_framework_or_benchmark_keeps_its_type(extractor, abstract, expected):
    assert entities(extractor, abstract).get("Orion") == expected


def test_model_by_context_needs_a_checkpoint_or_training_of_the_name_itself():
    assert model_by_context("Orion", "Orion-13B and Orion-70B are released.")
    assert model_by_context("Orion", "Orion was further fine-tuned on chat data.")
    assert not model_by_context("Orion", "Orion trains a model on chat data.")
    assert not model_by_context("Orion", "Orionis-7B is a different name.")


# -- acronyms and titles ---------------------------------------------------------------------


def test_defined_acronym_that_clashes_with_a_lexicon_entry_of_another_type(extractor):
    found = entities(extractor, "We propose Mix Prompt Tuning (MPT), a semi-supervised method. MPT helps.")
    assert "MPT" not in found or found["MPT"] == "Method"
    assert "Model" not in found.values()
    # The same kind of thing keeps the lexicon's entry, whatever the spelling of the long form.
    assert entities(extractor, "We train with Proximal Policy Optimisation (PPO).").get("proximal policy optimization") == "Method"


def test_hyphened_title_prefix_is_a_name(extractor):
    found = entities(extractor, "We propose a volumetric network for segmentation.", title="V-Net: Fully Convolutional Networks for Segmentation")
    assert "V-Net" in found
    found = entities(extractor, "We study how models fail.", title="Embers of Autoregression: Understanding Models")
    assert not any("Embers" in name for name in found)


# -- lists and name shapes -------------------------------------------------------------------


def test_unknown_list_item_takes_the_type_of_its_known_siblings(extractor):
    found = entities(extractor, "Experiments on four model families (QWEN, LLAMA3, MISTRAL, ZORBLAX) show the bias.")
    assert found.get("ZORBLAX") == "Model"
    # With benchmarks around it, or no known sibling, an evaluated-on list item stays a Benchmark.
    assert entities(extractor, "We evaluate on MMLU, GSM8K and Zorblax-QA.").get("Zorblax-QA") == "Benchmark"
    assert entities(extractor, "Results on FooSet-1, BarSet-2 and BazSet-3 improve.").get("BazSet-3") == "Benchmark"


def test_a_name_ending_in_language_models_is_a_model(extractor):
    found = entities(extractor, "We show that Zorblax Language Models isolate risk. Zorblax Language Models are small.", title="Zorblax Language Models: Isolating Risk")
    assert found.get("Zorblax Language Models") == "Model"


@pytest.mark.parametrize(
    ("abstract", "name", "expected"),
    [
        ("We introduce Zorblax Cancer Texts (ZCT), a parallel corpus of patient materials.", "Zorblax Cancer Texts", "Benchmark"),
        ("This paper introduces ZORB (Zone Ordering Reading Bench), a benchmark suite for reading.", "Zone Ordering Reading Bench", "Benchmark"),
        ("We propose Zorblax Retriever (ZR), a single model to retrieve demonstrations.", "Zorblax Retriever", "Model"),
    ],
)
def test_apposition_after_a_bracketed_acronym_types_the_name(extractor, abstract, name, expected):
    assert entities(extractor, abstract).get(name) == expected


def test_apposition_after_brackets_needs_the_acronym_to_start_like_the_name(extractor):
    # "(RLVW)" abbreviates more than "Adaptive Verifiable Worlds", so the apposition does not make that a name.
    found = entities(extractor, "We introduce Reinforcement Learning (RL) with Adaptive Verifiable Worlds (RLVW), an approach for agents.")
    assert "Adaptive Verifiable Worlds" not in found


# -- names listed with their kind, coined title words (issue #17, third pass) -------------------------


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        ("We compare Llama 3.1, Qwen 2.5, Mistral, and two closed models.", "Mistral"),
        ("Baselines are Falcon and GPT-4o.", "Falcon"),
        ("We fine-tune Vicuna, Alpaca and Llama 2 on our data.", "Alpaca"),
    ],
)
def test_context_needing_model_listed_with_models(extractor, abstract, name):
    assert entities(extractor, abstract).get(name) == "Model"


@pytest.mark.parametrize(
    "abstract",
    [
        "The falcon and the orca are animals; Mistral winds blow in spring.",
        "We train in Gemini, a cluster in our lab.",
    ],
)
def test_context_needing_model_alone_stays_a_word(extractor, abstract):
    assert not any(t == "Model" for t in entities(extractor, abstract).values())


@pytest.mark.parametrize(
    ("title", "abstract", "name"),
    [
        ("Zorbalt: A Decoding Algorithm that Controls Repetition", "We design a sampler called zorbalt. Zorbalt avoids loops.", "Zorbalt"),
        ("Quillon: Small Models that Explain Themselves", "We release Quillon models. Quillon beats larger systems.", "Quillon"),
    ],
)
def test_coined_title_word_is_a_name(extractor, title, abstract, name):
    assert name in entities(extractor, abstract, title)


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("Position: Benchmarks Should Evolve", "This position paper argues that Position matters less than data."),
        ("Scaling: What Changes with Size", "Scaling laws predict loss."),
        ("Transformers: A Survey", "Transformers are everywhere in our field."),
        ("Zorbalt: A Decoding Algorithm", "We design a new sampler for long texts."),  # not written again
    ],
)
def test_plain_title_word_is_no_name(extractor, title, abstract):
    found = entities(extractor, abstract, title)
    assert not {"Position", "Scaling", "Transformers", "Zorbalt"} & set(found), found


@pytest.mark.parametrize(
    ("abstract", "name", "kind"),
    [
        ("We first introduce an open-source modular toolkit, ZetaKit, for training agents.", "ZetaKit", "Method"),
        ("We construct the largest and most diverse multilingual evaluation benchmark QuorBench^2 for LLM judges.", "QuorBench^2", "Benchmark"),
        ("We introduce two metrics, GAIN-SHIFT and LABEL-SHIFT, to quantify volatility.", "LABEL-SHIFT", "Metric"),
    ],
)
def test_introduction_after_a_long_description_or_an_appositive_comma(extractor, abstract, name, kind):
    result = extractor.extract(Paper(id="t", abstract=abstract))
    found = {e.name: e for e in result.entities}
    assert found[name].type.value == kind
    assert any(m.introduced for m in found[name].mentions)


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose a simple method, which works well on MMLU.",
        "We present a new and very large multilingual evaluation benchmark for code, and evaluate GPT-4 on it.",
        "We build the first large-scale multilingual collection of legal questions with Answers from courts.",
    ],
)
def test_long_description_without_a_name_introduces_nothing_new(extractor, abstract):
    result = extractor.extract(Paper(id="t", abstract=abstract))
    assert not any(m.introduced for e in result.entities for m in e.mentions), [e.name for e in result.entities]


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        ("Our best models, Zeta-Med and Zeta-Law, outperform GPT-4 on MedQA.", "Zeta-Law"),
        ("We propose a novel ranking framework, called learn-to-defer (L2D), which helps.", "L2D"),
        ("We propose a new evaluation protocol called label flipping. It tests priors.", "label flipping"),
        ("To this end, we develop a heuristic approach called balanced memory replay (BMR). BMR helps.", "balanced memory replay"),
    ],
)
def test_introduced_by_our_models_list_and_naming_of_lower_case_terms(extractor, abstract, name):
    result = extractor.extract(Paper(id="t", abstract=abstract))
    found = {e.name: e for e in result.entities}
    assert name in found, list(found)
    assert any(m.introduced for m in found[name].mentions)


def test_naming_a_lower_case_term_needs_a_head_noun_right_before(extractor):
    found = entities(extractor, "We quantify desired capabilities (or called desiderata, i.e., calibration).")
    assert "desiderata" not in found
    found = entities(extractor, "This is a phenomenon called catastrophic drift.")
    assert "catastrophic drift" not in found


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        ("Experiments on three datasets show that ZetaNet achieves state-of-the-art results.", "ZetaNet"),
        ("ZetaNet consistently outperforms strong baselines by 4 points.", "ZetaNet"),
        ("Using ZetaSim, we generate 10k dialogues for training.", "ZetaSim"),
    ],
)
def test_coined_name_as_subject_of_a_result_or_after_using(extractor, abstract, name):
    assert name in entities(extractor, abstract)


def test_subject_rule_skips_objects_of_prepositions_and_plain_words(extractor):
    found = entities(extractor, "Training with ZetaMix improves recall. Results improve with scale.")
    assert "Results" not in found and "Training" not in found


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        ("We call this approach ZetaPrompt. It improves reasoning.", "ZetaPrompt"),
        ("We call it ZetaPrompt, and it improves reasoning.", "ZetaPrompt"),
        ("We call the resulting model Zeta-7B.", "Zeta-7B"),
        ("For evaluation, we have developed two metrics, ZB-Reward and ZB-Score, computed with LLMs.", "ZB-Score"),
    ],
)
def test_we_call_this_and_we_have_developed_introduce(extractor, abstract, name):
    result = extractor.extract(Paper(id="t", abstract=abstract))
    found = {e.name: e for e in result.entities}
    assert name in found and any(m.introduced for m in found[name].mentions)


def test_we_call_this_a_phrase_names_nothing(extractor):
    assert entities(extractor, "We call this a failure of reasoning.") == {}


def test_examples_of_a_named_kind_are_names_of_that_kind(extractor):
    found = entities(extractor, "Recent ranking methods for ads (e.g. ZMoE, QLE) focus on gating. Popular architectures such as ZetaNet and OmegaFormer rely on attention.")
    assert {k: found.get(k) for k in ("ZMoE", "QLE", "ZetaNet", "OmegaFormer")} == dict.fromkeys(("ZMoE", "QLE", "ZetaNet", "OmegaFormer"), "Method")


@pytest.mark.parametrize(
    "abstract",
    [
        "It helps tasks such as STEM reasoning and classification.",  # a modifier, not the example
        "Tasks for social networks such as ZetaGraph data are hard.",  # the nearest noun is no head
    ],
)
def test_examples_need_the_head_noun_right_before_and_a_whole_item(extractor, abstract):
    found = entities(extractor, abstract)
    assert "STEM" not in found and "ZetaGraph" not in found, found


def test_a_verb_after_a_subject_is_no_modifier_of_a_task(extractor):
    found = entities(extractor, "We use multi-label classification on graphs, and it can enhance query understanding.")
    assert "multi-label classification" in found and "use multi-label classification" not in found
    assert "enhance query understanding" not in found
    assert "book summarization" in entities(extractor, "We apply it to book summarization.")


def test_coined_name_with_a_plain_apposition_and_in_brackets_after_its_kind(extractor):
    abstract = (
        "We present (1) Visual Zeta Boosting, a novel framework; and (2) BagZeta, a carefully designed training "
        "curriculum. We propose a training procedure with a margin focused loss (Margin-ZSE) for distillation."
    )
    result = extractor.extract(Paper(id="t", abstract=abstract))
    found = {e.name: e for e in result.entities}
    assert found["BagZeta"].type.value == "Method" and found["Margin-ZSE"].type.value == "Method"
    assert any(m.introduced for m in found["Margin-ZSE"].mentions)


@pytest.mark.parametrize(
    "abstract",
    [
        "We study generative preference models (GPMs) for ranking.",  # an acronym of the words before: a class of models
        "We release a preference dataset (CC-BY-4.0) for alignment.",  # a licence
    ],
)
def test_bracketed_acronyms_and_licences_are_not_coined_names(extractor, abstract):
    found = entities(extractor, abstract)
    assert "GPMs" not in found and "generative preference models" not in found and "CC-BY-4.0" not in found, found


def test_a_collection_in_brackets_is_not_introduced(extractor):
    result = extractor.extract(Paper(id="t", abstract="We train a ranker and evaluate it on a large-scale web collection (ZetaWeb)."))
    assert not any(m.introduced for e in result.entities for m in e.mentions if e.name == "ZetaWeb")


def test_new_evaluation_setup_named_after_a_comma_is_a_benchmark(extractor):
    result = extractor.extract(Paper(id="t", abstract="We further introduce a new evaluation setting, Z^3-Search to better reflect real use."))
    found = {e.name: e for e in result.entities}
    assert found["Z^3-Search"].type.value == "Benchmark"
    assert any(m.introduced for m in found["Z^3-Search"].mentions)
    assert entities(extractor, "We propose a new experimental setup, which helps.") == {}


# -- issue #17, fourth pass: reported metrics, upper-case non-ASCII names, "<name> Benchmark" --------


@pytest.mark.parametrize(
    ("abstract", "metric"),
    [
        ("Our agent achieves a solve rate of 45% on the hardest puzzles.", "solve rate"),
        ("We evaluate accuracy, solve rate and latency for each planner.", "solve rate"),
        ("The judge shows strong agreement with human annotators on all splits.", "agreement with human judgments"),
        ("Inter-rater agreement was 0.72 across the three raters.", "inter-annotator agreement"),
        ("We measure win rate and agreement for every judge.", "agreement rate"),
        ("The new prompts raise agreement by 9 points.", "agreement rate"),
    ],
)
def test_reported_metric_names_of_agreement_and_solving(extractor, abstract, metric):
    assert entities(extractor, abstract).get(metric) == "Metric"


@pytest.mark.parametrize(
    "abstract",
    [
        "Our findings are in agreement with earlier theory.",
        "The agents must reach agreement before acting.",
        "We solve rate equations with a neural solver.",
    ],
)
def test_agreement_and_solve_rate_as_plain_words_are_no_metrics(extractor, abstract):
    found = entities(extractor, abstract)
    assert not any(t == "Metric" for t in found.values()), found


def test_upper_case_name_with_non_ascii_letters_matches_its_lexicon_entry(extractor):
    found = entities(extractor, "We fine-tune TÜLU 2 and compare it with TÜLU 3 on chat tasks.")
    assert found.get("Tülu 2") == "Model" and found.get("Tülu 3") == "Model", found
    assert "Tülu" not in found, found  # the family is not read off the checkpoint's name


def test_upper_case_ascii_spelling_is_not_added_for_every_name(extractor):
    # Only names with non-ASCII letters get an upper-case form: "PHI" is not the Phi model.
    found = entities(extractor, "The PHI of each patient is removed before training.")
    assert "Phi" not in found, found


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        ("Vicuna Benchmark results show that our model is preferred.", "Vicuna Benchmark"),
        ("We evaluate GPT-4 on the Koala Benchmark and report wins.", "Koala Benchmark"),
        ("Our chat model leads on the BERT Bench questions.", "BERT Bench"),
    ],
)
def test_known_name_with_capitalised_benchmark_head_is_a_benchmark(extractor, abstract, name):
    found = entities(extractor, abstract)
    assert found.get(name) == "Benchmark", found


@pytest.mark.parametrize(
    ("abstract", "name", "kind"),
    [
        ("The GPT-4 benchmark results are strong.", "GPT-4", "Model"),  # lower-case head: not part of a name
        ("We evaluate on the MMLU Benchmark with five shots.", "MMLU", "Benchmark"),  # a benchmark keeps its name
        ("We run BERT Benchmarking scripts on GPUs.", "BERT", "Model"),
    ],
)
def test_benchmark_head_rule_leaves_other_names_alone(extractor, abstract, name, kind):
    found = entities(extractor, abstract)
    assert found.get(name) == kind, found
