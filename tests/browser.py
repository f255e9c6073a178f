"""Helpers for the page tests: headless Chromium (Debian's package) and a small real graph.

``chromium_path()`` finds ``/usr/bin/chromium``; when it is missing and we run
as root with apt-get, it installs Debian's ``chromium`` package (no browser
download from anywhere else). ``open_page`` loads a page from ``file://`` and
records every request, console message, page error and dialog, so tests can
assert that nothing left the disk and nothing unexpected ran.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.graph.nx_store import build_graph
from kg.types import Entity, EntityType, Mention, Paper, PaperExtraction, Relation, Triple
from kg.keys import author_node, entity_node, organization_node, paper_node

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> Path | None:
    """``/usr/bin/chromium``, installing Debian's package first if we may (root with apt-get)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=False, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=False, env=env, capture_output=True)
    return CHROMIUM if CHROMIUM.exists() else None


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the session, or a skip saying why there is none."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    path = chromium_path()
    if path is None:
        pytest.skip("no /usr/bin/chromium, and cannot install Debian's chromium package (needs root and apt-get)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(path), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageVisit:
    """What happened while a page was open."""

    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def outside_requests(self) -> list[str]:
        """Every request whose URL is not a ``file://`` URL (or an inline ``data:``/``blob:`` one)."""
        return [u for u in self.requests if not u.startswith(("file://", "data:", "blob:"))]


def open_page(browser, path: Path, width: int = 1280, height: int = 800, timeout_ms: int = 20000) -> PageVisit:
    """Open ``path`` from ``file://``, wait until the graph has drawn, and return what happened."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    visit = PageVisit(page=page)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))

    def on_dialog(dialog) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri())
    if page.query_selector("#kg-network"):
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout_ms)
    return visit


#: Counts the distinct colours of the vis-network canvas (every 4th pixel); a blank canvas has one.
CANVAS_COLOURS_JS = """() => {
  const canvas = document.querySelector('#kg-network canvas');
  const ctx = canvas.getContext('2d');
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set();
  for (let i = 0; i < pixels.length; i += 16) seen.add(pixels[i] + ',' + pixels[i+1] + ',' + pixels[i+2] + ',' + pixels[i+3]);
  return seen.size;
}"""


def canvas_colours(visit: PageVisit) -> int:
    """How many distinct colours the drawn network canvas holds (a blank canvas has one)."""
    return visit.page.evaluate(CANVAS_COLOURS_JS)


# ------------------------------------------------------------------ a small real graph

#: Five real papers of the example corpus around RewardBench (titles, IDs, authors as listed).
PAPERS = (
    Paper(
        id="2506.01937",
        arxiv_id="2506.01937",
        title="RewardBench 2: Advancing Reward Model Evaluation",
        abstract="We introduce RewardBench 2, a new multi-skill reward modeling benchmark. Models score about 20 points lower on RewardBench 2 than on the first RewardBench.",
        authors=("Saumya Malik", "Valentina Pyatkin", "Nathan Lambert"),
        organizations=("Allen Institute for AI",),
        published="2025-06-02",
    ),
    Paper(
        id="2410.01257",
        arxiv_id="2410.01257",
        title="HelpSteer2-Preference: Complementing Ratings with Preferences",
        abstract="We release preference annotations to complement existing ratings. A Llama 3.1 70B model trained with this data scores 94.1 on RewardBench.",
        authors=("Zhilin Wang", "Alexander Bukharin", "Olivier Delalleau"),
        organizations=("NVIDIA",),
        published="2024-10-02",
    ),
    Paper(
        id="2407.10817",
        arxiv_id="2407.10817",
        title="Foundational Autoraters: Taming Large Language Models for Better Automatic Evaluation",
        abstract="We introduce FLAMe, a family of Foundational Large Autorater Models. FLAMe outperforms GPT-4 on RewardBench.",
        authors=("Tu Vu", "Kalpesh Krishna"),
        organizations=("Google DeepMind",),
        published="2024-07-15",
    ),
    Paper(
        id="2412.13746",
        arxiv_id="2412.13746",
        title="RAG-RewardBench: Benchmarking Reward Models in Retrieval Augmented Generation for Preference Alignment",
        abstract="We propose RAG-RewardBench, the first benchmark for evaluating reward models in RAG settings.",
        authors=("Zhuoran Jin", "Hongbang Yuan"),
        published="2024-12-18",
    ),
    Paper(
        id="2510.15242",
        arxiv_id="2510.15242",
        title="Dual-Weighted Reinforcement Learning for Generative Preference Modeling",
        abstract="We propose Dual-Weighted Reinforcement Learning (DWRL), which integrates CoT reasoning with the Bradley-Terry model.",
        authors=("Shengyu Feng", "Yun He"),
        published="2025-10-17",
    ),
)

#: (paper arXiv ID or id, entity type, canonical name, relation, evidence sentence)
FACTS = (
    ("2506.01937", EntityType.BENCHMARK, "RewardBench 2", Relation.PROPOSES, "We introduce RewardBench 2, a new multi-skill reward modeling benchmark."),
    ("2506.01937", EntityType.BENCHMARK, "RewardBench", Relation.EVALUATES_ON, "Models score about 20 points lower on RewardBench 2 than on the first RewardBench."),
    ("2410.01257", EntityType.BENCHMARK, "RewardBench", Relation.EVALUATES_ON, "A Llama 3.1 70B model trained with this data scores 94.1 on RewardBench."),
    ("2410.01257", EntityType.MODEL, "Llama 3.1 70B", Relation.USES_MODEL, "A Llama 3.1 70B model trained with this data scores 94.1 on RewardBench."),
    ("2410.01257", EntityType.METHOD, "Bradley-Terry", Relation.USES_METHOD, "We release preference annotations to complement existing ratings."),
    ("2407.10817", EntityType.MODEL, "FLAMe", Relation.PROPOSES, "We introduce FLAMe, a family of Foundational Large Autorater Models."),
    ("2407.10817", EntityType.MODEL, "GPT-4", Relation.USES_MODEL, "FLAMe outperforms GPT-4 on RewardBench."),
    ("2407.10817", EntityType.BENCHMARK, "RewardBench", Relation.EVALUATES_ON, "FLAMe outperforms GPT-4 on RewardBench."),
    ("2412.13746", EntityType.BENCHMARK, "RAG-RewardBench", Relation.PROPOSES, "We propose RAG-RewardBench, the first benchmark for evaluating reward models in RAG settings."),
    ("2412.13746", EntityType.TASK, "Retrieval Augmented Generation", Relation.ADDRESSES, "We propose RAG-RewardBench, the first benchmark for evaluating reward models in RAG settings."),
    ("2510.15242", EntityType.METHOD, "DWRL", Relation.PROPOSES, "We propose Dual-Weighted Reinforcement Learning (DWRL), which integrates CoT reasoning with the Bradley-Terry model."),
    ("2510.15242", EntityType.METHOD, "Bradley-Terry", Relation.USES_METHOD, "We propose Dual-Weighted Reinforcement Learning (DWRL), which integrates CoT reasoning with the Bradley-Terry model."),
    ("2510.15242", EntityType.METRIC, "Accuracy", Relation.REPORTS, "DWRL consistently outperforms both GPM baselines and scalar models."),
)


def _normal_key(name: str) -> str:
    from kg.normalize import normalize_name  # noqa: PLC0415

    return normalize_name(name)


def extraction_for(paper: Paper, facts=FACTS) -> PaperExtraction:
    """The extraction of ``paper`` with the hand-checked facts above, in the extractors' layout."""
    entities, triples = [], []
    for arxiv_id, kind, name, relation, evidence in facts:
        if arxiv_id != (paper.arxiv_id or paper.id):
            continue
        key = _normal_key(name)
        text = paper.title + " " + paper.abstract
        start = max(text.find(name), 0)
        mention = Mention(name, "abstract", start, start + len(name), kind, "test", sentence=evidence)
        entities.append(Entity(name, kind, key, (mention,), introduced=relation == Relation.PROPOSES))
        triples.append(Triple(paper_node(paper), relation, entity_node(kind, key), evidence, "test"))
    for author in paper.authors:
        triples.append(Triple(author_node(author), Relation.AUTHORED, paper_node(paper), "", "record"))
    for org in paper.organizations:
        triples.append(Triple(paper_node(paper), Relation.AFFILIATED_WITH, organization_node(org), "", "record"))
    return PaperExtraction(paper, tuple(entities), tuple(triples))


def sample_graph(papers=PAPERS, facts=FACTS):
    """The graph of the five RewardBench-area papers, built by the real graph store."""
    return build_graph(extraction_for(p, facts) for p in papers)


#: A few names that occur in the example listings, for a corpus-sized graph without the extractors.
CORPUS_LEXICON = (
    (EntityType.BENCHMARK, "RewardBench", Relation.EVALUATES_ON),
    (EntityType.BENCHMARK, "MMLU", Relation.EVALUATES_ON),
    (EntityType.BENCHMARK, "GSM8K", Relation.EVALUATES_ON),
    (EntityType.BENCHMARK, "AlpacaEval", Relation.EVALUATES_ON),
    (EntityType.BENCHMARK, "MT-Bench", Relation.EVALUATES_ON),
    (EntityType.METHOD, "RLHF", Relation.USES_METHOD),
    (EntityType.METHOD, "DPO", Relation.USES_METHOD),
    (EntityType.METHOD, "Bradley-Terry", Relation.USES_METHOD),
    (EntityType.METHOD, "PPO", Relation.USES_METHOD),
    (EntityType.MODEL, "GPT-4", Relation.USES_MODEL),
    (EntityType.MODEL, "Llama", Relation.USES_MODEL),
    (EntityType.MODEL, "Qwen", Relation.USES_MODEL),
    (EntityType.TASK, "reward modeling", Relation.ADDRESSES),
    (EntityType.METRIC, "accuracy", Relation.REPORTS),
)


def corpus_graph(examples_dir: Path):
    """A graph of every paper of the example listings (real readers, real store) with a tiny lexicon.

    Stands in for ``kg build`` where the extractors are not needed: several
    hundred papers and authors, so the node budget and big-page layout are real.
    """
    import re  # noqa: PLC0415

    from kg.readers import read_inputs  # noqa: PLC0415

    papers = read_inputs([examples_dir]).papers
    facts = []
    for paper in papers:
        text = f"{paper.title}. {paper.abstract}"
        for kind, name, relation in CORPUS_LEXICON:
            found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
            if found:
                sentence_start = text.rfind(". ", 0, found.start()) + 2 if ". " in text[: found.start()] else 0
                sentence_end = text.find(". ", found.end())
                facts.append((paper.arxiv_id or paper.id, kind, name, relation, text[sentence_start : sentence_end if sentence_end > 0 else None]))
    return build_graph(extraction_for(p, tuple(facts)) for p in papers)


def screenshot(page_path: Path, out: Path, width: int = 1400, height: int = 860) -> None:
    """Save a PNG of ``page_path`` as drawn by headless Chromium (the README's picture)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    path = chromium_path()
    if path is None:
        raise SystemExit("no /usr/bin/chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(path), args=LAUNCH_ARGS)
        visit = open_page(chromium, page_path, width=width, height=height)
        visit.page.mouse.move(5, height - 5)
        out.parent.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(out))
        chromium.close()


if __name__ == "__main__":
    # python tests/browser.py GRAPH_FILE OUT.png [FOCUS]: the README screenshot of a real page.
    import sys
    import tempfile

    from kg.graph.nx_store import load_graph
    from kg.pages.viz import write_viz

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        write_viz(load_graph(sys.argv[1]), page, focus=sys.argv[3] if len(sys.argv) > 3 else None, depth=2)
        screenshot(page, Path(sys.argv[2]))
