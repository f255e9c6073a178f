"""``kg site``: a small static site of the graph that opens from disk with no network.

``index.html`` has the counts, the top benchmarks, methods, models and tasks
by number of papers, and a search box (inline data, no server); ``graph.html``
is the whole graph under the node budget; ``entities/<slug>.html`` is one page
per method, model, benchmark, metric and task (on a big graph, the top
``max_entity_pages`` of each type by papers): its neighbourhood graph and the
papers behind it with their evidence sentences. An entity without a page is
named as text, never as a broken link. Scripts and styles are written once to
``assets/`` beside the pages. Everything is read through a page source, so a
database is asked only for what each page shows.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kg.errors import KgError
from kg.leaderboard import rank_tables
from kg.pages.charts import bar_chart, papers_per_year, value_bars
from kg.pages.nodes import ENTITY_TYPES, display_name, display_of, node_type, paper_year
from kg.pages.select import select_around
from kg.pages.source import EntityFacts, PageSource, PaperLink, as_source
from kg.pages.viz import ASSETS, _environment, asset_files, render_page, script_json
from kg.trends import Movers

#: Where the page of each entity lives, relative to the site root.
ENTITY_DIR = "entities"
ASSET_DIR = "assets"

#: Entity pages per type unless told otherwise (the most papers first); None would mean all.
DEFAULT_ENTITY_PAGES = 500

_ARXIV = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$|^[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?$")


@dataclass(frozen=True)
class SiteSummary:
    """What ``build_site`` wrote: the index, the entity pages out of how many entities, the cap per type."""

    index: Path
    entity_pages: int
    graph_page: Path
    entities: int = 0
    per_type: int | None = None

    @property
    def capped(self) -> bool:
        """True when some entities got no page because of the cap."""
        return self.entity_pages < self.entities

    def describe(self) -> str:
        """One line for the command's summary, e.g. "wrote 2,500 of 14,700 entity pages: the top 500 per type".

        >>> SiteSummary(Path("i"), 2500, Path("g"), 14700, 500).describe()
        'wrote 2,500 of 14,700 entity pages: the top 500 per type by papers'
        """
        if self.capped:
            return f"wrote {self.entity_pages:,} of {self.entities:,} entity pages: the top {self.per_type:,} per type by papers"
        return f"wrote {self.entity_pages:,} entity pages"


def entity_slug(node: str) -> str:
    """A file name for ``node``'s page: readable, lower-case, unique (a hash of the id ends it).

    >>> entity_slug("Benchmark:rewardbench")
    'benchmark-rewardbench-ae475ca8.html'
    """
    kind, _, key = node.partition(":")
    readable = re.sub(r"[^a-z0-9]+", "-", f"{kind}-{key}".lower()).strip("-")[:60]
    digest = hashlib.sha1(node.encode("utf-8")).hexdigest()[:8]
    return f"{readable}-{digest}.html"


def paper_rows(links: list[PaperLink]) -> list[dict]:
    """The papers behind an entity, one row each with its relations and evidence sentences, newest first."""
    rows: dict[str, dict[str, Any]] = {}
    for link in links:
        data = link.data
        row = rows.setdefault(
            link.paper,
            {
                "id": link.paper,
                "title": display_of(link.paper, data),
                "year": paper_year(data),
                "authors": ", ".join(map(str, data.get("authors") or ())),
                "arxiv_id": data.get("arxiv_id") if _ARXIV.match(str(data.get("arxiv_id") or "")) else None,
                "relations": [],
            },
        )
        row["relations"].append({"type": link.relation, "evidence": link.evidence})
    for row in rows.values():
        row["relations"].sort(key=lambda r: (r["type"], r["evidence"]))
    return sorted(rows.values(), key=lambda r: (r["year"], r["title"], r["id"]), reverse=True)


#: Rows of a leaderboard table a page lists; the chart draws the first :data:`CHART_ROWS` of them.
PAGE_ROWS = 50
CHART_ROWS = 15


def leaderboard_tables(source: PageSource, entity: EntityFacts) -> list[dict[str, Any]]:
    """A benchmark's leaderboard for its page (as ``kg leaderboard`` ranks it): heading, chart and rows of each table."""
    tables = []
    for table in rank_tables(entity.name, source.results(entity.name)):
        rows = [
            {"rank": r.rank, "subject": r.subject or "(the paper’s own system)", "value": f"{r.value:g}{r.unit}", "title": r.title or r.paper_id,
             "arxiv_id": r.arxiv_id if _ARXIV.match(str(r.arxiv_id or "")) else None, "evidence": r.evidence}
            for r in table.rows[:PAGE_ROWS]
        ]
        points = [(r["subject"], row.value) for r, row in zip(rows, table.rows[:CHART_ROWS])]
        tables.append({
            "heading": table.heading(),
            "chart": value_bars(points, table.heading(), table.unit),
            "rows": rows,
            "more": len(table.rows) - len(rows),
        })
    return tables


def build_site(
    graph: PageSource | Any,
    outdir: Path,
    max_nodes: int = 500,
    depth: int = 1,
    max_entity_pages: int | None = DEFAULT_ENTITY_PAGES,
    rising: Sequence[Movers] = (),
) -> SiteSummary:
    """Write the site of ``graph`` (a page source, store or networkx graph) into ``outdir``.

    ``outdir`` is created if needed and our files in it are replaced.
    ``max_entity_pages`` caps the entity pages per type (the most papers
    first); None writes one for every entity. ``rising`` (from :func:`kg.trends.movers`)
    fills the index's list of rising entities.
    """
    if max_entity_pages is not None and max_entity_pages < 1:
        raise KgError(f"--max-entity-pages must be at least 1 (or 0 for all), got {max_entity_pages}")
    source = as_source(graph)
    outdir.mkdir(parents=True, exist_ok=True)
    assets = outdir / ASSET_DIR
    assets.mkdir(exist_ok=True)
    for name, path in {**asset_files(), "search.js": ASSETS / "search.js"}.items():
        shutil.copyfile(path, assets / name)
    pages_dir = outdir / ENTITY_DIR
    pages_dir.mkdir(exist_ok=True)

    counts = source.node_counts()
    total_entities = sum(counts.get(kind, 0) for kind in ENTITY_TYPES)
    entities = source.entities(per_type=max_entity_pages)
    slugs = {e.node: entity_slug(e.node) for e in entities}
    papers_template = _environment().get_template("entity_extra.html")
    for entity in entities:
        selection = select_around(source, (entity.node,), depth=depth, max_nodes=max_nodes)
        page = source.page_graph(selection.nodes)
        papers = paper_rows(source.paper_links(entity.node))
        years, undated = papers_per_year(row["year"] for row in papers)
        extra = papers_template.render(
            kind=entity.type,
            name=entity.name,
            leaderboard=leaderboard_tables(source, entity) if entity.type == "Benchmark" else [],
            chart=bar_chart(years, f"Papers per year on {entity.name}"),
            undated=undated,
            papers=papers,
            related=[
                {"name": other.name, "type": other.type, "url": slugs.get(other.node), "shared": other.shared}
                for other in source.related(entity.node)
            ],
        )
        html = render_page(
            page,
            selection,
            title=f"{node_type(page, entity.node)}: {display_name(page, entity.node)}",
            assets=f"../{ASSET_DIR}",
            urls={n: slugs[n] for n in selection.nodes if n in slugs},
            extra=Markup(extra),
            home="../index.html",
        )
        (pages_dir / slugs[entity.node]).write_text(html, encoding="utf-8")

    whole = select_around(source, (), max_nodes=max_nodes)
    graph_page = outdir / "graph.html"
    graph_page.write_text(
        render_page(
            source.page_graph(whole.nodes),
            whole,
            title="Whole graph",
            assets=ASSET_DIR,
            urls={n: f"{ENTITY_DIR}/{slugs[n]}" for n in whole.nodes if n in slugs},
            home="index.html",
        ),
        encoding="utf-8",
    )
    summary = SiteSummary(index=outdir / "index.html", entity_pages=len(entities), graph_page=graph_page,
                          entities=total_entities, per_type=max_entity_pages)
    summary.index.write_text(_index_html(source, counts, entities, slugs, summary, rising), encoding="utf-8")
    return summary


def _index_html(
    source: PageSource, counts: dict[str, int], entities: list[EntityFacts], slugs: dict[str, str], summary: SiteSummary, rising: Sequence[Movers] = ()
) -> str:
    edge_counts = source.relationship_counts()
    top = {}
    for kind in ENTITY_TYPES[:4]:
        ranked = [e for e in entities if e.type == kind][:10]
        top[kind] = [{"name": e.name, "papers": e.papers, "url": f"{ENTITY_DIR}/{slugs[e.node]}"} for e in ranked]
    search = [
        {"name": e.name, "type": e.type, "papers": e.papers, "aliases": list(e.aliases[:10]), "url": f"{ENTITY_DIR}/{slugs[e.node]}"}
        for e in entities
    ]
    return _environment().get_template("index.html").render(
        node_counts=sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
        edge_counts=sorted(edge_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        nodes=sum(counts.values()),
        edges=sum(edge_counts.values()),
        top=top,
        rising=[_rising_rows(found, entities, slugs) for found in rising if found.rising],
        search=script_json(search),
        summary=summary,
        assets=ASSET_DIR,
    )


def _rising_rows(found: Movers, entities: list[EntityFacts], slugs: dict[str, str]) -> dict[str, Any]:
    """One index table of rising entities: name (linked when it has a page), papers now and before."""
    pages = {(e.type, e.name): f"{ENTITY_DIR}/{slugs[e.node]}" for e in entities}
    return {
        "type": found.type,
        "recent": f"{found.recent[0]}–{found.recent[1]}" if found.recent[0] != found.recent[1] else found.recent[0],
        "previous": f"{found.previous[0]}–{found.previous[1]}" if found.previous[0] != found.previous[1] else found.previous[0],
        "rows": [{"name": m.name, "url": pages.get((found.type, m.name)), "recent": m.recent, "previous": m.previous} for m in found.rising],
    }
