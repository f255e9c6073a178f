"""The org listing reader on the 004 seed file: the title/author split of every record."""

from __future__ import annotations

import pytest

from kg.readers import iter_papers
from kg.readers.names import is_person_name, split_title_authors
from kg.types import Paper

# (line, title, first author) of every record of 004, read off the file by hand.
EXPECTED_004 = [
    (1, "Self-Instruct: Aligning Language Models with Self-Generated Instructions", "Yizhong Wang"),
    (4, "Personalized Soups: Personalized Large Language Model Alignment via Post-hoc Parameter Merging", "Joel Jang"),
    (7, "How Far Can Camels Go? Exploring the State of Instruction Tuning on Open Resources", "Yizhong Wang"),
    (10, "Nonparametric Masked Language Modeling", "Sewon Min"),
    (
        13,
        "Is Reinforcement Learning (Not) for Natural Language Processing: Benchmarks, Baselines, and Building "
        "Blocks for Natural Language Policy Optimization",
        "Rajkumar Ramamurthy",
    ),
    (
        16,
        "Beyond the Imitation Game: Quantifying and extrapolating the capabilities of language models",
        "Aarohi Srivastava",
    ),
    (19, "Super-NaturalInstructions: Generalization via Declarative Instructions on 1600+ NLP Tasks", "Yizhong Wang"),
    (22, "SciFact-Open: Towards open-domain scientific claim verification", "David Wadden"),
    (25, "MathVista: Evaluating Mathematical Reasoning of Foundation Models in Visual Contexts", "Pan Lu"),
    (28, "Editing Models with Task Arithmetic", "Gabriel Ilharco"),
    (31, "OLMoE: Open Mixture-of-Experts Language Models", "Niklas Muennighoff"),
    (34, "Fine-Grained Human Feedback Gives Better Rewards for Language Model Training", "Zeqiu Wu"),
    (37, "DataComp: In search of the next generation of multimodal datasets", "Samir Yitzhak Gadre"),
    (40, "ART: Automatic multi-step reasoning and tool-use for large language models", "Bhargavi Paranjape"),
    (
        43,
        "Do Embodied Agents Dream of Pixelated Sheep: Embodied Decision Making using Language Guided World Modelling",
        "Kolby Nottingham",
    ),
    (46, "Self-RAG: Learning to Retrieve, Generate, and Critique through Self-Reflection", "Akari Asai"),
    (
        49,
        "When Not to Trust Language Models: Investigating Effectiveness of Parametric and Non-Parametric Memories",
        "Alex Mallen",
    ),
    (52, "SILO Language Models: Isolating Legal Risk In a Nonparametric Datastore", "Sewon Min"),
    (55, "Task-aware Retrieval with Instructions", "Akari Asai"),
    (
        58,
        "Don't throw away your value model! Generating more preferable text with Value-Guided Monte-Carlo Tree "
        "Search decoding",
        "Jiacheng Liu",
    ),
    (61, "Aligning to Social Norms and Values in Interactive Narratives", "Prithviraj Ammanabrolu"),
    (
        64,
        "Correcting Diverse Factual Errors in Abstractive Summarization via Post-Editing and Language Model Infilling",
        "Vidhisha Balachandran",
    ),
    (67, "Crystal: Introspective Reasoners Reinforced with Self-Feedback", "Jiacheng Liu"),
    (70, "NaturalProver: Grounded Mathematical Proof Generation with Language Models", "Sean Welleck"),
    (73, "Z-ICL: Zero-Shot In-Context Learning with Pseudo-Demonstrations", "Xinxi Lyu"),
    (76, "ATTEMPT: Parameter-Efficient Multi-task Tuning via Attentional Mixtures of Soft Prompts", "Akari Asai"),
    (79, "CREPE: Open-Domain Question Answering with False Presuppositions", "Xinyan Velocity Yu"),
    (82, "Rainier: Reinforced Knowledge Introspector for Commonsense Question Answering", "Jiacheng Liu"),
    (85, "MatFormer: Nested Transformer for Elastic Inference", "Devvrit"),
    (88, "Efficiency Pentathlon: A Standardized Arena for Efficiency Evaluation", "Hao Peng"),
    (91, "CORE: A Retrieve-then-Edit Framework for Counterfactual Data Generation", "Tanay Dixit"),
    (94, "Data-Efficient Finetuning Using Cross-Task Nearest Neighbors", "Hamish Ivison"),
    (97, "The Art of Saying No: Contextual Noncompliance in Language Models", "Faeze Brahman"),
    (100, "Molmo and PixMo: Open Weights and Open Data for State-of-the-Art Vision-Language Models", "Matt Deitke"),
    (103, "HINT: Hypernetwork Instruction Tuning for Efficient Zero- & Few-Shot Generalisation", "Hamish Ivison"),
    (106, "Exploring The Landscape of Distributional Robustness for Question Answering Models", "Anas Awadalla"),
    (109, "Camels in a Changing Climate: Enhancing LM Adaptation with Tulu 2", "Hamish Ivison"),
    (112, "AGRO: Adversarial Discovery of Error-prone groups for Robust Optimization", "Bhargavi Paranjape"),
    (115, "Patching open-vocabulary models by interpolating weights", "Gabriel Ilharco"),
    (118, "SHARCS: Efficient Transformers through Routing with Dynamic Width Sub-networks", "Mohammadreza Salehi"),
    (121, "BTR: Binary Token Representations for Efficient Retrieval Augmented Language Models", "Qingqing Cao"),
    (124, "Meta-Reinforcement Learning with Self-Reflection for Agentic Search", "Teng Xiao"),
    (127, "INSCIT: Information-Seeking Conversations with Mixed-Initiative Interactions", "Zeqiu Wu"),
    (
        130,
        "RLVE: Scaling Up Reinforcement Learning for Language Models with Adaptive Verifiable Environments",
        "Zhiyuan Zeng",
    ),
    (133, "Olmo Hybrid: From Theory to Practice and Back", "William Merrill"),
    (
        136,
        "CopyBench: Measuring Literal and Non-Literal Reproduction of Copyright-Protected Text in Language Model "
        "Generation",
        "Tong Chen",
    ),
    (139, "Scaling Test-Time Compute for Agentic Coding", "Joongwon Kim"),
    (142, "Answer, Assemble, Ace: Understanding How LMs Answer Multiple Choice Questions", "Sarah Wiegreffe"),
    (145, "s1: Simple test-time scaling", "Niklas Muennighoff"),
    (148, "Dolma: an Open Corpus of Three Trillion Tokens for Language Model Pretraining Research", "Luca Soldaini"),
]


@pytest.fixture(scope="module")
def papers_004(seed_paths) -> list[Paper]:
    items = list(iter_papers([seed_paths["004"]]))
    assert all(isinstance(p, Paper) for p in items), [str(p) for p in items if not isinstance(p, Paper)]
    return items


def test_org_listing_reads_fifty_records(papers_004):
    assert len(papers_004) == 50


def test_org_listing_title_split_of_every_record(papers_004):
    got = [(p.line, p.title, p.authors[0]) for p in papers_004]
    assert got == EXPECTED_004


def test_org_listing_every_record_lists_three_authors(papers_004):
    assert {len(p.authors) for p in papers_004} == {3}
    assert all(not any("et al" in a for a in p.authors) for p in papers_004)


@pytest.mark.parametrize(
    "line,authors,organizations",
    [
        (1, ("Yizhong Wang", "Yeganeh Kordi", "Swaroop Mishra"), ("allen-ai", "uw")),
        (64, ("Vidhisha Balachandran", "Hannaneh Hajishirzi", "William W. Cohen"), ("cmu",)),
        (85, ("Devvrit", "Sneha Kudugunta", "Aditya Kusupati"), ("uw",)),
        (94, ("Hamish Ivison", "Noah A. Smith", "Hannaneh Hajishirzi"), ("allen-ai", "uw")),
        (115, ("Gabriel Ilharco", "Mitchell Wortsman", "Samir Yitzhak Gadre"), ()),
        (133, ("William Merrill", "Yanhong Li", "Tyler Romero"), ("allen-ai", "eth-zurich")),
    ],
)
def test_org_listing_authors_and_organizations(papers_004, line, authors, organizations):
    paper = next(p for p in papers_004 if p.line == line)
    assert (paper.authors, paper.organizations) == (authors, organizations)


@pytest.mark.parametrize(
    "line,published,date_text,category,has_code,score",
    [
        (1, "2022-12-20", None, "CL", True, None),
        (16, "2022-06-09", None, "CL", False, None),
        (25, "2023-10-03", None, "CV", False, None),
        (67, "2023-10-07", None, "AI", False, None),
        (124, None, "Mar 11", "LG", True, 94.9),
        (133, None, "Apr 3", "LG", False, 100.0),
        (139, None, "Apr 16", "SE", False, 100.0),
        (145, "2025-01-31", None, "CL", True, None),
    ],
)
def test_org_listing_header_line_fields(papers_004, line, published, date_text, category, has_code, score):
    paper = next(p for p in papers_004 if p.line == line)
    assert (paper.published, paper.date_text, paper.categories, paper.has_code, paper.score) == (
        published,
        date_text,
        (category,),
        has_code,
        score,
    )


def test_org_listing_abstract_is_the_third_line(papers_004, seed_paths):
    lines = seed_paths["004"].read_text(encoding="utf-8").splitlines()
    for paper in papers_004:
        assert paper.abstract == lines[paper.line + 1].strip()


@pytest.mark.parametrize(
    "text,title,authors",
    [
        ("Open ResourcesJohn McDonald, Ann Lee et al.", "Open Resources", ["John McDonald", "Ann Lee"]),
        ("Scaling via RLHFJohn Smith, Jane Doe et al.", "Scaling via RLHF", ["John Smith", "Jane Doe"]),
        ("Studies of DeBERTaLudwig van Beethoven, Ann Lee", "Studies of DeBERTa", ["Ludwig van Beethoven", "Ann Lee"]),
        ("Tuning with PixMoMatt Deitke", "Tuning with PixMo", ["Matt Deitke"]),
        ("Le Chat (Revisited)Marie DeVito, Jo O'Neil", "Le Chat (Revisited)", ["Marie DeVito", "Jo O'Neil"]),
        ("no capital letters anywhere, at all", "no capital letters anywhere, at all", []),
    ],
)
def test_org_listing_split_title_authors_rules(text, title, authors):
    assert split_title_authors(text) == (title, authors)


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Xinyan Velocity Yu", True),
        ("William W. Cohen", True),
        ("Kianté Brantley", True),
        ("Comp: In search of", False),
        ("VistaPan Lu", False),
        ("Models", True),
        ("In search of the next generation", False),
    ],
)
def test_org_listing_is_person_name(name, expected):
    assert is_person_name(name) is expected


def test_org_listing_blank_lines_bad_date_and_stray_text(tmp_path):
    path = tmp_path / "org.txt"
    path.write_text(
        "Stray line before any paper\n"
        "CLFeb 30, 2023Code\n"
        "A Tiny TitleAnn Lee, Bob Stone et al. · uw\n"
        "First paragraph\nstill first.\n\nSecond paragraph.\n\n"
        "12.5CVJan 2\n"
        "Second TitleCarla de la Cruz\n"
        "Abstract two.\n",
        encoding="utf-8",
    )
    items = list(iter_papers([path]))
    problems = [(i.line, i.message) for i in items if not isinstance(i, Paper)]
    assert problems == [
        (1, "text before the first paper header line; skipped"),
        (2, "invalid date 'Feb 30, 2023'; kept as text"),
    ]
    first, second = [i for i in items if isinstance(i, Paper)]
    assert (first.title, first.authors, first.organizations) == ("A Tiny Title", ("Ann Lee", "Bob Stone"), ("uw",))
    assert (first.published, first.date_text, first.has_code) == (None, "Feb 30, 2023", True)
    assert first.abstract == "First paragraph still first.\n\nSecond paragraph."
    assert (second.title, second.authors, second.score, second.date_text) == (
        "Second Title",
        ("Carla de la Cruz",),
        12.5,
        "Jan 2",
    )
