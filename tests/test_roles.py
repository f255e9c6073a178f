"""Roles: what a paper does with an entity (introduces, uses, mentions), against hand-annotated dev triples."""

from __future__ import annotations

from pathlib import Path

import json

import pytest
from role_scoring import read_role_gold, role_accuracy

from extractors.roles import entity_role, mention_role, sentence_role, title_introduces
from kg.readers import read_inputs
from kg.types import Entity, EntityType, Mention

FIXTURES = Path(__file__).parent / "fixtures"
DEV = FIXTURES / "roles" / "roles_dev.jsonl"
DEV2 = FIXTURES / "roles" / "roles_dev2.jsonl"

#: Measured 1.00 with the NER, 0.99 without (98 triples); the rules were written looking at them.
ROLE_ACCURACY_FLOOR = 0.95
#: roles_dev2 (169 triples, annotated before the introduction cues were widened): measured 0.763 without
#: the NER (129/169; 35 of the 40 misses are entities not extracted), 0.811 with it. Four triples may slip.
ROLE_ACCURACY_DEV2_FLOOR = 0.74


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("Benchmarks like Massive Multitask Language Understanding (MMLU) have played a pivotal role in evaluating AI's knowledge.", "MMLU", "mentions"),
        ("Currently, widely used medical benchmarks like MedQA and MMLU assess only accuracy in the final answer.", "MMLU", "mentions"),
        ("Existing question answering benchmarks such as ToMi ask models questions, but do not test actions.", "ToMi", "mentions"),
        ("A Llama-3.1-70B-Instruct model tuned with this approach scores 94.1 on RewardBench.", "RewardBench", "uses"),
        ("We evaluate our techniques on MATH and GSM8K benchmarks.", "GSM8K", "uses"),
        ("Two-thirds are labeled by experts, while the rest are sourced from existing benchmarks (MMMU, ScienceQA).", "ScienceQA", "uses"),
        ("We construct RewardMATH, a benchmark of reward model robustness.", "RewardMATH", "introduces"),
        # an introducing verb coordinated after "we ... and"
        ("We formulate the problem as a two-player game and propose a novel algorithm, NashMirror.", "NashMirror", "introduces"),
        ("We formulate the problem as a game and propose to evaluate it on MMLU.", "MMLU", "uses"),
        # the names of a list or parenthesis after the introducing verb, the first one too
        ("We propose three new evaluation tasks (AlphaQA, BetaQA, and GammaQA) for long contexts.", "AlphaQA", "introduces"),
        ("We propose three new evaluation tasks (AlphaQA, BetaQA, and GammaQA) for long contexts.", "GammaQA", "introduces"),
        ("We evaluate on three tasks (AlphaQA, BetaQA, and GammaQA).", "BetaQA", "uses"),
        ("Finally, we introduce an easy-to-use, performant RL algorithm, NLPX (Natural Language Policy X).", "NLPX", "introduces"),
        # naming: called / named / dubbed / termed / we call, in a sentence about the paper's own or new thing
        ("We propose an efficient training-free framework, named XL9M, which reads long inputs.", "XL9M", "introduces"),
        ("The training uses a novel method we call Verifiable Reward Learning (VRL).", "VRL", "introduces"),
        ("Specifically, we develop a user simulator, dubbed ConvBot, that answers questions.", "ConvBot", "introduces"),
        ("We propose a novel estimator called the maximum CMI (MCMI) method.", "MCMI", "introduces"),
        ("Meta learning identifies target classes with sets of small tasks named Episodes.", "Episodes", "uses"),
        ("Results on the so-called DeepThink split are reported by us.", "DeepThink", "uses"),
        # "Our method, called X" / "Our best models, X and Y," / "our proposed X"
        ("Our method, called ATTEMPTX, obtains source prompts as encodings.", "ATTEMPTX", "introduces"),
        ("Our best-finetuned models, MentalAlpaca and MentalT5, outperform GPT-3.5.", "MentalT5", "introduces"),
        ("Our experiments show that our proposed SMITHX model outperforms BERT.", "SMITHX", "introduces"),
        ("Our base model, Llama-2, is fine-tuned on the new data.", "Llama-2", "uses"),
        # "X, our new dataset" / "X, a new corpus we curate"
        ("We run probing experiments of 10 models on PopQB, our new open-domain QA dataset.", "PopQB", "introduces"),
        ("We report results on MMLU, our main evaluation benchmark.", "MMLU", "uses"),
        ("SILO is built by training an LM on Open Text Corpus (OTC), a new corpus we curate.", "OTC", "introduces"),
        ("SILO is built by training an LM on the Pile, a large corpus of web text.", "Pile", "uses"),
        # "the resulting model, X", "resulting in X", "culminating in the proposal of X" (coined names only)
        ("In our experiments, the resulting model, Orca-3, achieves a 33% win rate.", "Orca-3", "introduces"),
        ("We filter the samples whose rewards are unreliable, resulting in PF-PPO.", "PF-PPO", "introduces"),
        ("Our study culminates in the proposal of the Sparse Router Network, a new design.", "Sparse Router Network", "introduces"),
        ("A flawed reward model scores badly, potentially resulting in reward hacking.", "reward hacking", "uses"),
        ("We address the issue by proposing the SMITHX Encoder for document matching.", "SMITHX", "introduces"),
        ("Our third contribution addresses this by proposing self-retrieval from the lens of evaluation.", "self-retrieval", "uses"),
        # an item of an enumeration after an introducing verb
        ("Concretely, we release: (1) MixV2, a collection of datasets; (2) ZetaLM, models finetuned on the mixture.", "ZetaLM", "introduces"),
        ("We evaluate: (1) MMLU accuracy; (2) GSM8K solve rate.", "GSM8K", "uses"),
        # the name (or its long form) after a colon that ends the description
        ("We propose a new evaluation paradigm for LLMs: Thinking for Doing (T5D), which needs actions.", "T5D", "introduces"),
        ("We propose a new method and evaluate it on two benchmarks: MMLU and GSM8K.", "MMLU", "uses"),
        # a name used as a modifier, or inside the apposition of the introduced name, is not introduced
        ("We present MatFormerX, a novel Transformer architecture for elastic inference.", "Transformer", "uses"),
        ("We present a novel Transformer architecture for elastic inference.", "Transformer", "uses"),
        ("First, we design four RAG-specific scenarios to assess reward models.", "RAG", "uses"),
        ("This paper introduces RewardBench 3, a new multi-skill reward modeling benchmark.", "reward modeling", "uses"),
    ],
)
def test_roles_sentence_cues(sentence, name, role):
    start = sentence.index(name)
    assert sentence_role(sentence, start, start + len(name)).value == role


def test_roles_accuracy_on_dev_triples_stays_above_floor(examples_dir):
    score = role_accuracy(DEV, examples_dir)
    assert score.total >= 60
    assert score.accuracy >= ROLE_ACCURACY_FLOOR, f"role accuracy {score.right}/{score.total}: {score.wrong}"


def _entity(name: str, mentions: tuple[Mention, ...], entity_type: EntityType = EntityType.METHOD) -> Entity:
    return Entity(name=name, type=entity_type, key=name.lower(), mentions=mentions)


@pytest.mark.parametrize(
    ("title", "name", "entity_type", "introduces"),
    [
        ("SuRe: Summarizing Retrievals using Answer Candidates", "SuRe", EntityType.METHOD, True),
        ("SILO Language Models: Isolating Legal Risk", "SILO", EntityType.MODEL, True),
        ("PRompt Optimization in Multi-Step Tasks (PROMST): Integrating Human Feedback", "PRompt Optimization in Multi-Step Tasks", EntityType.METHOD, True),
        ("Gemini: A Family of Multimodal Models", "Gemini", EntityType.MODEL, True),
        ("Revisiting GPT-4: A Study of Its Errors", "GPT-4", EntityType.MODEL, False),
        ("ChatGPT Outperforms Crowd Workers: Text Annotation", "ChatGPT", EntityType.MODEL, False),
        ("Reinforcement Learning: An Introduction", "Reinforcement Learning", EntityType.METHOD, False),
        ("Text Simplification: An Annotated Corpus", "Text Simplification", EntityType.TASK, False),
        ("Improving Retrieval with SuRe", "SuRe", EntityType.METHOD, False),
    ],
)
def test_roles_title_head_introduces(title, name, entity_type, introduces):
    start = title.index(name)
    mention = Mention(name, "title", start, start + len(name), entity_type, "test", sentence=title)
    texts = {"title": title, "abstract": f"We study {name} on MMLU and report 71.2% accuracy."}
    assert title_introduces(mention, texts) is introduces
    role, evidence = entity_role(_entity(name, (mention,), entity_type), texts)
    assert (role.value == "introduces") is introduces


def test_roles_title_head_needs_a_first_person_abstract():
    title = "SuRe: Summarizing Retrievals"
    mention = Mention("SuRe", "title", 0, 4, EntityType.METHOD, "test", sentence=title)
    assert not title_introduces(mention, {"title": title, "abstract": "Retrieval helps question answering."})


def test_roles_namely_cancels_the_extraction_flag_only_after_a_preposition():
    text = "Results show gains in the performance of two leading architectures, namely BERT and ConvKNRM."
    start = text.index("BERT")
    flagged = Mention("BERT", "abstract", start, start + 4, EntityType.MODEL, "pattern:naming", introduced=True, sentence=text)
    assert mention_role(flagged, text).value == "uses"
    own = "The design of LV-Bench incorporates three key techniques, namely Fact Insertion and Recall Metrics."
    start = own.index("Fact Insertion")
    flagged = Mention("Fact Insertion", "abstract", start, start + 14, EntityType.METHOD, "pattern:naming", introduced=True, sentence=own)
    assert mention_role(flagged, own).value == "introduces"


def test_roles_introduced_mention_is_judged_even_when_its_sentence_was_seen():
    text = "We compare GammaNet with GammaNet-Large, and we introduce GammaNet here."
    first = Mention("GammaNet", "abstract", 11, 19, EntityType.MODEL, "lexicon", sentence=text)
    start = text.rindex("GammaNet")
    second = Mention("GammaNet", "abstract", start, start + 8, EntityType.MODEL, "pattern:intro", introduced=True, sentence=text)
    role, evidence = entity_role(_entity("GammaNet", (first, second), EntityType.MODEL), {"abstract": text})
    assert role.value == "introduces" and evidence is second


def test_roles_dev2_is_well_formed_and_disjoint_from_the_other_sets(seed_paths):
    dev2 = read_role_gold(DEV2)
    assert len(dev2) >= 150 and len({t["paper"] for t in dev2}) >= 40
    assert {t["role"] for t in dev2} == {"introduces", "uses", "mentions"}
    assert len({(t["paper"], t["entity"]) for t in dev2}) == len(dev2), "a (paper, entity) pair repeats"
    papers = {p.id: p for p in read_inputs(list(seed_paths.values())).papers}
    for t in dev2:
        paper = papers[t["paper"]]
        assert t["entity"] in f"{paper.title}\n{paper.abstract}", t
    listing_ids = {}
    for prefix, path in seed_paths.items():
        for number, paper in enumerate(read_inputs([path]).papers, 1):
            arxiv = getattr(paper, "arxiv_id", None)
            listing_ids[f"{prefix}-{arxiv}" if prefix == "000" and arxiv else f"{prefix}-{number:03d}"] = paper.id
    others = {t["paper"] for t in read_role_gold(DEV)} | {t["paper"] for t in read_role_gold(FIXTURES / "roles" / "roles_heldout.jsonl")}
    for name in ("heldout_examples.jsonl", "seed_dev.jsonl"):
        for line in (FIXTURES / "gold" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                others.add(listing_ids.get(json.loads(line)["id"]))
    assert not {t["paper"] for t in dev2} & others


def test_roles_accuracy_on_dev2_triples_stays_above_floor(examples_dir):
    score = role_accuracy(DEV2, examples_dir)
    assert score.total == len(read_role_gold(DEV2))
    assert score.accuracy >= ROLE_ACCURACY_DEV2_FLOOR, f"role accuracy {score.right}/{score.total}: {score.wrong}"
