"""The whole extraction pipeline: tricky cases, offsets, resolution and triples."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.jsonio import extraction_to_dict
from extractors.pipeline import Extractor
from kg.keys import arxiv_node, author_node, organization_node, paper_node
from kg.readers import read_inputs
from kg.types import EntityType, Paper, Relation


def entities_of(extractor: Extractor, abstract: str, title: str = "") -> dict[str, str]:
    result = extractor.extract(Paper(id="p", title=title, abstract=abstract))
    return {e.name: e.type.value for e in result.entities}


def all_texts(extractor: Extractor, abstract: str) -> dict[str, str]:
    result = extractor.extract(Paper(id="p", abstract=abstract))
    return {m.text: e.type.value for e in result.entities for m in e.mentions}


def test_llms_is_not_a_model(extractor):
    found = all_texts(extractor, "Large language models (LLMs) can reason. We study LLMs and their limits.")
    assert "LLMs" not in found and "Large language models" not in found


def test_tomi_is_a_benchmark(extractor):
    found = all_texts(extractor, "We evaluate theory-of-mind reasoning on ToMi and find that models fail.")
    assert found.get("ToMi") == "Benchmark"


def test_llama3_and_qwen25_are_two_models(extractor):
    found = all_texts(extractor, "Across multiple benchmarks and model scales (Llama3 and Qwen2.5), DWRL consistently outperforms both.")
    assert found.get("Llama3") == "Model" and found.get("Qwen2.5") == "Model"
    assert "Llama3 and Qwen2.5" not in found


def test_sized_llms_are_no_named_model(extractor):
    found = all_texts(extractor, "We fine-tune 8B LLMs and 70B models on math data.")
    assert not any(t == "Model" for t in found.values())


def test_acronym_and_long_form_are_one_entity(extractor):
    result = extractor.extract(
        Paper(id="p", abstract="We propose Dual-Weighted Reinforcement Learning (DWRL), a new framework. DWRL beats baselines.")
    )
    (dwrl,) = [e for e in result.entities if "DWRL" in e.aliases]
    assert dwrl.name == "Dual-Weighted Reinforcement Learning"
    assert dwrl.type is EntityType.METHOD and dwrl.introduced
    assert [m.text for m in dwrl.mentions].count("DWRL") == 2


def test_reverse_acronym_benchmark_is_introduced(extractor):
    abstract = "We present FRAMES (Factuality, Retrieval, And reasoning MEasurement Set), a high-quality evaluation dataset."
    result = extractor.extract(Paper(id="p", abstract=abstract))
    (frames,) = [e for e in result.entities if "FRAMES" in e.aliases]
    assert frames.type is EntityType.BENCHMARK and frames.introduced


def test_checkpoint_linked_to_family(extractor):
    result = extractor.extract(Paper(id="p", abstract="Our model outperforms Llama2-13B-Chat on most tasks."))
    (ckpt,) = [e for e in result.entities if "Llama2-13B-Chat" in e.aliases]
    assert ckpt.type is EntityType.MODEL and ckpt.family
    assert len(ckpt.mentions) == 1
    variant = [t for t in result.triples if t.predicate is Relation.VARIANT_OF]
    assert variant and variant[0].subject == f"Model:{ckpt.key}"


def test_same_benchmark_same_key_across_papers(extractor):
    a = extractor.extract(Paper(id="a", abstract="We report results on GSM8K and MMLU benchmarks."))
    b = extractor.extract(Paper(id="b", abstract="Experiments on the gsm8k dataset show gains."))
    keys_a = {e.key for e in a.entities if e.type is EntityType.BENCHMARK}
    keys_b = {e.key for e in b.entities if e.type is EntityType.BENCHMARK}
    assert keys_a & keys_b


def test_triples_carry_evidence_and_record_edges(extractor):
    paper = Paper(
        id="x1",
        arxiv_id="2410.03617",
        title="ThinkEdit: Interpretable Weight Editing",
        abstract="We introduce ThinkEdit, a weight-editing approach. It builds on arXiv:2301.09244 and is evaluated on MMLU.",
        authors=("Ada Lovelace",),
        organizations=("allen-ai",),
    )
    result = extractor.extract(paper)
    by_pred = {}
    for t in result.triples:
        by_pred.setdefault(t.predicate, []).append(t)
    proposes = by_pred[Relation.PROPOSES]
    assert any(t.object == "Method:thinkedit" and "ThinkEdit" in t.evidence for t in proposes)
    assert any(t.object == "Benchmark:mmlu" and "MMLU" in t.evidence for t in by_pred[Relation.EVALUATES_ON])
    assert [t.object for t in by_pred[Relation.MENTIONS_PAPER]] == [arxiv_node("2301.09244")]
    assert by_pred[Relation.AUTHORED][0].subject == author_node("Ada Lovelace")
    assert by_pred[Relation.AUTHORED][0].object == paper_node(paper) == "Paper:2410.03617"
    assert by_pred[Relation.AFFILIATED_WITH][0].object == organization_node("allen-ai")
    assert all(t.extractor and 0 < t.confidence <= 1 for t in result.triples)


def _check_offsets(paper: Paper, result) -> None:
    for entity in result.entities:
        assert entity.type in EntityType
        for m in entity.mentions:
            assert getattr(paper, m.field)[m.start : m.end] == m.text


def test_offsets_hold_on_every_seed_paper(extractor, examples_dir):
    papers = read_inputs([examples_dir]).papers
    assert len(papers) > 100
    results = list(extractor.extract_many(papers))
    assert [r.paper.id for r in results] == [p.id for p in papers]
    for paper, result in zip(papers, results):
        _check_offsets(paper, result)
        line = json.loads(json.dumps(extraction_to_dict(result)))
        for ent in line["entities"]:
            for m in ent["mentions"]:
                assert getattr(paper, m["field"])[m["start"] : m["end"]] == m["text"]


def test_extract_and_extract_many_agree(extractor, examples_dir):
    papers = read_inputs([examples_dir]).papers[:20]
    assert [extractor.extract(p) for p in papers] == list(extractor.extract_many(papers))


_words = st.sampled_from(
    ["We", "propose", "DWRL", "(", ")", "Llama2-13B-Chat", "GPT-4o", "on", "MMLU", ",", "and", "a", "benchmark",
     "Reinforcement", "Learning", "(RL)", "LLMs", "arXiv:2410.03617", "é", "—", "X^2-Retrieval", "pass@1", "of", "0.66", ".", " "]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.lists(_words, max_size=12).map(" ".join), abstract=st.one_of(st.text(max_size=200), st.lists(_words, max_size=60).map(" ".join)))
def test_offsets_hold_on_arbitrary_text(extractor, title, abstract):
    paper = Paper(id="h", title=title, abstract=abstract)
    _check_offsets(paper, extractor.extract(paper))


def test_acronym_defined_in_one_paper_links_bare_use_in_another(extractor):
    from extractors.resolve import link_acronyms

    a = extractor.extract(Paper(id="a", abstract="We introduce the Hierarchical Prompting Taxonomy (HPT), a taxonomy of prompts."))
    b = extractor.extract(Paper(id="b", abstract="We apply the HPT framework to code generation."))
    assert [e.name for e in b.entities if "HPT" in e.aliases] == ["HPT"]
    linked = link_acronyms([b, a])
    (hpt,) = [e for e in linked[0].entities if "HPT" in e.aliases]
    assert hpt.name == "Hierarchical Prompting Taxonomy"
    assert any(t.object == f"Method:{hpt.key}" for t in linked[0].triples)


def test_acronym_defined_with_two_spellings_of_one_long_form_still_links(extractor):
    from extractors.resolve import link_acronyms

    papers = [
        Paper(id="a", abstract="We introduce the Hierarchical Prompting Taxonomy (HPT), a taxonomy of prompts."),
        Paper(id="b", abstract="We extend the hierarchical prompting taxonomy (HPT) to dialogue."),
        Paper(id="c", abstract="We apply the HPT framework to code generation."),
    ]
    for order in (papers, papers[::-1]):  # the name chosen does not depend on the input order
        linked = {x.paper.id: x for x in link_acronyms(extractor.extract_many(order))}
        (hpt,) = [e for e in linked["c"].entities if "HPT" in e.aliases]
        assert hpt.name == "Hierarchical Prompting Taxonomy"


def test_acronym_defined_two_ways_stays_unlinked(extractor):
    from extractors.resolve import link_acronyms

    papers = [
        Paper(id="a", abstract="We introduce the Hierarchical Prompting Taxonomy (HPT), a taxonomy of prompts."),
        Paper(id="b", abstract="We propose Hybrid Policy Tuning (HPT), a method for agents."),
        Paper(id="c", abstract="We apply the HPT framework to code generation."),
    ]
    linked = {x.paper.id: x for x in link_acronyms(extractor.extract_many(papers))}
    assert [e.name for e in linked["c"].entities if "HPT" in e.aliases] == ["HPT"]


def test_an_acronym_spelled_as_a_name_is_no_second_definition():
    from extractors.resolve import DefinitionMemory
    from kg.normalize import normalize_name
    from kg.types import Entity, EntityType

    memory = DefinitionMemory()
    memory.learn_names(EntityType.METHOD, "Hpt", ["HPT"])  # e.g. a graph node named "Hpt", also written "HPT"
    memory.learn_names(EntityType.METHOD, "Hierarchical Prompting Taxonomy", ["HPT"])
    bare = Entity("HPT", EntityType.METHOD, normalize_name("HPT"), (), aliases=("HPT",))
    assert memory.apply(bare).name == "Hierarchical Prompting Taxonomy"


def test_spooled_linking_equals_in_memory_linking(extractor, examples_dir):
    from extractors.resolve import link_acronyms
    from kg.build import link_acronyms_spooled
    from kg.readers import read_inputs

    bare = extractor.extract(Paper(id="b", abstract="We apply the HPT framework to code generation."))
    defining = extractor.extract(Paper(id="a", abstract="We introduce the Hierarchical Prompting Taxonomy (HPT), a taxonomy of prompts."))
    extractions = [bare, *extractor.extract_many(read_inputs([examples_dir]).papers), defining]
    in_memory = link_acronyms(extractions)
    assert in_memory[0] != bare  # linked to the long form the last paper defines
    assert list(link_acronyms_spooled(iter(extractions))) == in_memory
