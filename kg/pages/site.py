"""``kg site``: a small static site of the graph that opens from disk with no network.

``index.html`` has the counts, the top benchmarks, methods, models and tasks
by number of papers, and a search box (inline data, no server); ``graph.html``
is the whole graph under the node budget; ``entities/<slug>.html`` is one page
per method, model, benchmark, metric and task: its neighbourhood graph and the
papers behind it with their evidence sentences. Scripts and styles are written
once to ``assets/`` beside the pages.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from markupsafe import Markup

from kg.pages.select import display_name, node_type, paper_count, paper_year, relation_type, select_around
from kg.pages.viz import ASSETS, _environment, asset_files, render_graph_page, script_json

#: Node types that get a page of their own, in index order.
ENTITY_TYPES: tuple[str, ...] = ("Benchmark", "Method", "Model", "Task", "Metric")

#: Where the page of each entity lives, relative to the site root.
ENTITY_DIR = "entities"
ASSET_DIR = "assets"

_ARXIV = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$|^[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?$")


@dataclass(frozen=True)
class SiteSummary:
    """What ``build_site`` wrote."""

    index: Path
    entity_pages: int
    graph_page: Path


def entity_slug(node: str) -> str:
    """A file name for ``node``'s page: readable, lower-case, unique (a hash of the id ends it).

    >>> entity_slug("Benchmark:rewardbench")
    'benchmark-rewardbench-ae475ca8.html'
    """
    kind, _, key = node.partition(":")
    readable = re.sub(r"[^a-z0-9]+", "-", f"{kind}-{key}".lower()).strip("-")[:60]
    digest = hashlib.sha1(node.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}.html"


def entity_nodes(graph: nx.MultiDiGraph) -> list[str]:
    """The nodes that get a page, by type then most papers first."""
    nodes = [n for n in graph.nodes if node_type(graph, n) in ENTITY_TYPES]
    return sorted(nodes, key=lambda n: (ENTITY_TYPES.index(node_type(graph, n)), -paper_count(graph, n), n))


def paper_rows(graph: nx.MultiDiGraph, node: str) -> list[dict]:
    """The papers linked to ``node`` with the relation and evidence sentence, newest first."""
    rows = {}
    edges = [(u, d) for u, _, d in graph.in_edges(node, data=True)] + [(v, d) for _, v, d in graph.out_edges(node, data=True)]
    for paper, data in edges:
        if node_type(graph, paper) != "Paper":
            continue
        attrs = graph.nodes[paper]
        row = rows.setdefault(
            paper,
            {
                "title": display_name(graph, paper),
                "year": paper_year(attrs),
                "authors": ", ".join(map(str, attrs.get("authors") or ())),
                "arxiv_id": attrs.get("arxiv_id") if _ARXIV.match(str(attrs.get("arxiv_id") or "")) else None,
                "relations": [],
            },
        )
        row["relations"].append({"type": relation_type(data), "evidence": str(data.get("evidence") or "")})
    return sorted(rows.values(), key=lambda r: (r["year"], r["title"]), reverse=True)


def related_entities(graph: nx.MultiDiGraph, node: str, limit: int = 15) -> list[tuple[str, int]]:
    """Entities that share papers with ``node``, with how many papers they share, most first."""
    shared: Counter[str] = Counter()
    for paper in nx.all_neighbors(graph, node):
        if node_type(graph, paper) != "Paper":
            continue
        for other in set(nx.all_neighbors(graph, paper)):
            if other != node and node_type(graph, other) in ENTITY_TYPES:
                shared[other] += 1
    return sorted(shared.items(), key=lambda item: (-item[1], display_name(graph, item[0])))[:limit]


def build_site(graph: nx.MultiDiGraph, outdir: Path, max_nodes: int = 500, depth: int = 1) -> SiteSummary:
    """Write the site of ``graph`` into ``outdir`` (created if needed; our files in it are replaced)."""
    outdir.mkdir(parents=True, exist_ok=True)
    assets = outdir / ASSET_DIR
    assets.mkdir(exist_ok=True)
    for name, source in {**asset_files(), "search.js": ASSETS / "search.js"}.items():
        shutil.copyfile(source, assets / name)
    pages_dir = outdir / ENTITY_DIR
    pages_dir.mkdir(exist_ok=True)

    entities = entity_nodes(graph)
    slugs = {n: entity_slug(n) for n in entities}
    env = _environment()
    papers_template = env.get_template("entity_extra.html")
    for node in entities:
        selection = select_around(graph, (node,), depth=depth, max_nodes=max_nodes)
        extra = papers_template.render(
            kind=node_type(graph, node),
            name=display_name(graph, node),
            papers=paper_rows(graph, node),
            related=[
                {"name": display_name(graph, o), "type": node_type(graph, o), "url": slugs[o], "shared": k}
                for o, k in related_entities(graph, node)
            ],
        )
        html = render_graph_page(
            graph,
            selection,
            title=f"{node_type(graph, node)}: {display_name(graph, node)}",
            assets=f"../{ASSET_DIR}",
            urls={n: slugs[n] for n in selection.nodes if n in slugs},
            extra=Markup(extra),
            home="../index.html",
        )
        (pages_dir / slugs[node]).write_text(html, encoding="utf-8")

    whole = select_around(graph, (), max_nodes=max_nodes)
    graph_page = outdir / "graph.html"
    graph_page.write_text(
        render_graph_page(
            graph,
            whole,
            title="Whole graph",
            assets=ASSET_DIR,
            urls={n: f"{ENTITY_DIR}/{slugs[n]}" for n in whole.nodes if n in slugs},
            home="index.html",
        ),
        encoding="utf-8",
    )

    index = outdir / "index.html"
    index.write_text(_index_html(graph, entities, slugs), encoding="utf-8")
    return SiteSummary(index=index, entity_pages=len(entities), graph_page=graph_page)


def _index_html(graph: nx.MultiDiGraph, entities: list[str], slugs: dict[str, str]) -> str:
    node_counts = Counter(node_type(graph, n) for n in graph.nodes)
    edge_counts = Counter(relation_type(d) for _, _, d in graph.edges(data=True))
    top = {}
    for kind in ENTITY_TYPES[:4]:
        ranked = [n for n in entities if node_type(graph, n) == kind][:10]
        top[kind] = [{"name": display_name(graph, n), "papers": paper_count(graph, n), "url": f"{ENTITY_DIR}/{slugs[n]}"} for n in ranked]
    search = [
        {
            "name": display_name(graph, n),
            "type": node_type(graph, n),
            "papers": paper_count(graph, n),
            "aliases": [str(a) for a in (graph.nodes[n].get("aliases") or ())][:10],
            "url": f"{ENTITY_DIR}/{slugs[n]}",
        }
        for n in entities
    ]
    return _environment().get_template("index.html").render(
        node_counts=sorted(node_counts.items(), key=lambda kv: -kv[1]),
        edge_counts=sorted(edge_counts.items(), key=lambda kv: -kv[1]),
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        top=top,
        search=script_json(search),
        assets=ASSET_DIR,
    )
