"""Hand-made extractions of seed papers for the graph-layer tests (no extractor needed).

The evidence sentences are copied from the seed abstracts in ``examples/``.
"""

from __future__ import annotations

from kg.keys import arxiv_node, author_node, entity_node, organization_node, paper_node
from kg.normalize import normalize_name
from kg.types import USE_RELATION, Entity, EntityType, Mention, Paper, PaperExtraction, Relation, Triple


def _entity(name: str, etype: EntityType, introduced: bool = False, aliases: tuple[str, ...] = (), family: str | None = None) -> Entity:
    mention = Mention(text=name, field="abstract", start=0, end=len(name), type=etype, extractor="lexicon", introduced=introduced)
    return Entity(name=name, type=etype, key=normalize_name(name), mentions=(mention,), introduced=introduced, aliases=aliases, family=family)


def make_extraction(paper: Paper, uses: dict[str, tuple[EntityType, str]], proposes: dict[str, tuple[EntityType, str]] = (), mentions: tuple[str, ...] = ()) -> PaperExtraction:
    """An extraction of ``paper``: ``uses``/``proposes`` map entity names to (type, evidence sentence)."""
    proposes = dict(proposes or {})
    pnode = paper_node(paper)
    entities: list[Entity] = []
    triples: list[Triple] = []
    for name, (etype, evidence) in proposes.items():
        entity = _entity(name, etype, introduced=True)
        entities.append(entity)
        triples.append(Triple(pnode, Relation.PROPOSES, entity_node(etype, entity.key), evidence, "pattern", 0.9))
    for name, (etype, evidence) in uses.items():
        entity = _entity(name, etype)
        entities.append(entity)
        triples.append(Triple(pnode, USE_RELATION[etype], entity_node(etype, entity.key), evidence, "lexicon", 1.0))
    for author in paper.authors:
        triples.append(Triple(author_node(author), Relation.AUTHORED, pnode, "", "record", 1.0))
    for org in paper.organizations:
        triples.append(Triple(pnode, Relation.AFFILIATED_WITH, organization_node(org), "", "record", 1.0))
    for arxiv_id in mentions:
        triples.append(Triple(pnode, Relation.MENTIONS_PAPER, arxiv_node(arxiv_id), f"see arXiv:{arxiv_id}", "arxiv_ids", 1.0))
    return PaperExtraction(paper=paper, entities=tuple(entities), triples=tuple(triples), mentioned_arxiv_ids=tuple(mentions))


FLAME = Paper(
    id="2407.10817",
    arxiv_id="2407.10817",
    title="Foundational Autoraters: Taming Large Language Models for Better Automatic Evaluation",
    abstract="To make progress towards better LLM autoraters, we introduce FLAMe, a family of Foundational Large Autorater Models.",
    authors=("Tu Vu", "Kalpesh Krishna"),
    organizations=("Google DeepMind",),
    published="2024-07-15",
    comments="31 pages, 5 figures, 7 tables",
    source="examples/000_0d88c1752e526751.txt",
    line=20,
)
REWARDBENCH2 = Paper(
    id="hf-rewardbench-2",
    title="RewardBench 2: Advancing Reward Model Evaluation",
    abstract="This paper introduces RewardBench 2, a new multi-skill reward modeling benchmark.",
    authors=("Saumya Malik", "Nathan Lambert"),
    source="examples/003_ae639c9b5b33b9ae.txt",
    line=81,
)
MMLU_PRO = Paper(
    id="hf-mmlu-pro-plus",
    title="MMLU-Pro+: Evaluating Higher-Order Reasoning and Shortcut Learning in LLMs",
    abstract="Benchmarks like Massive Multitask Language Understanding (MMLU) have played a pivotal role in evaluating AI's knowledge and abilities across diverse domains.",
    authors=("Saeid Asgari Taghanaki", "Aliasgahr Khani", "Amir Khasahmadi"),
    source="examples/003_ae639c9b5b33b9ae.txt",
    line=213,
)
HOSTILE = Paper(
    id="hostile-1",
    title='"}) MATCH (n) DETACH DELETE n // <script>alert(1)</script> \u202e emoji \U0001F600',
    abstract="Line one.\r\nWe evaluate on MMLU \x07 with 'quotes' and {braces} $param.",
    authors=("O'Brien \"Bobby\" Tables",),
    source="tests/hostile.jsonl",
    line=1,
)


def seed_extractions() -> list[PaperExtraction]:
    """Three realistic seed papers plus one with hostile text."""
    return [
        make_extraction(
            FLAME,
            uses={
                "RewardBench": (EntityType.BENCHMARK, "Notably, on RewardBench, our FLAMe-RM-24B model (with an accuracy of 87.8%) is the top-performing generative model trained exclusively on permissively licensed data, outperforming both GPT-4-0125 (85.9%) and GPT-4o (84.7%)."),
                "LLM-AggreFact": (EntityType.BENCHMARK, "Overall, our FLAMe variants outperform all popular proprietary LLM-as-a-Judge models we consider across 8 out of 12 autorater evaluation benchmarks, encompassing 53 quality assessment tasks, including RewardBench and LLM-AggreFact."),
                "GPT-4o": (EntityType.MODEL, "Notably, on RewardBench, our FLAMe-RM-24B model (with an accuracy of 87.8%) is the top-performing generative model trained exclusively on permissively licensed data, outperforming both GPT-4-0125 (85.9%) and GPT-4o (84.7%)."),
                "accuracy": (EntityType.METRIC, "Notably, on RewardBench, our FLAMe-RM-24B model (with an accuracy of 87.8%) is the top-performing generative model."),
            },
            proposes={"FLAMe": (EntityType.MODEL, "To make progress towards better LLM autoraters, we introduce FLAMe, a family of Foundational Large Autorater Models.")},
            mentions=("2403.13787",),
        ),
        make_extraction(
            REWARDBENCH2,
            uses={
                "RewardBench": (EntityType.BENCHMARK, "This paper introduces RewardBench 2, a new multi-skill reward modeling benchmark designed to bring new, challenging data for accuracy-based reward model evaluation -- models score about 20 points on average lower on RewardBench 2 compared to the first RewardBench -- while being highly correlated with downstream performance."),
                "proximal policy optimization": (EntityType.METHOD, "In this paper, we describe our benchmark construction process and report how existing models perform on it, while quantifying how performance on the benchmark correlates with downstream use of the models in both inference-time scaling algorithms, like best-of-N sampling, and RLHF training algorithms like proximal policy optimization."),
            },
            proposes={"RewardBench 2": (EntityType.BENCHMARK, "This paper introduces RewardBench 2, a new multi-skill reward modeling benchmark.")},
        ),
        make_extraction(
            MMLU_PRO,
            uses={"MMLU": (EntityType.BENCHMARK, "Benchmarks like Massive Multitask Language Understanding (MMLU) have played a pivotal role in evaluating AI's knowledge and abilities across diverse domains.")},
            proposes={"MMLU-Pro+": (EntityType.BENCHMARK, "MMLU-Pro+: Evaluating Higher-Order Reasoning and Shortcut Learning in LLMs")},
        ),
        make_extraction(
            HOSTILE,
            uses={"MMLU": (EntityType.BENCHMARK, "We evaluate on MMLU \x07 with 'quotes' and {braces} $param.")},
        ),
    ]
