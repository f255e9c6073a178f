"""One interactive pyvis page of the graph or of a focus neighbourhood, self-contained and offline.

pyvis builds the node and edge records; the page itself comes from our own
template (``templates/graph.html``) because pyvis's pulls Bootstrap and
tom-select from CDNs. vis-network is inlined from the copy shipped inside the
pyvis package, so the page makes no request to any host. Paper text is
untrusted: tooltips are plain strings (vis-network sets them with
``innerText``), everything else goes through Jinja autoescaping, and the data
sits in a JSON script block with ``<``, ``>`` and ``&`` escaped so that
``</script>`` in a title cannot close it.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

from kg.pages.nodes import display_name, node_type, paper_count, paper_year, relation_type
from kg.pages.select import Selection, select_nodes
from kg.pages.source import PageSource, as_source

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "assets"
#: vis-network as shipped inside the pyvis package (no CDN).
VIS_LIB = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"

#: Colour and vis-network shape of each node type (shapes drawn beside the label, so size shows paper count).
NODE_STYLES: dict[str, tuple[str, str]] = {
    "Paper": ("#4E79A7", "square"),
    "Benchmark": ("#E15759", "star"),
    "Method": ("#F28E2B", "dot"),
    "Model": ("#B07AA1", "diamond"),
    "Metric": ("#76B7B2", "triangle"),
    "Task": ("#EDC948", "triangleDown"),
    "Author": ("#59A14F", "dot"),
    "Organization": ("#9C755F", "hexagon"),
    "Other": ("#BAB0AC", "dot"),
}

#: Above this many nodes the page is drawn from the precomputed layout with physics off.
PHYSICS_LIMIT = 150

_TITLE_CHARS = 300
_EVIDENCE_CHARS = 400
_LABEL_CHARS = 36


def script_json(value: object) -> Markup:
    """``value`` as JSON that is safe inside an HTML ``<script>`` block.

    ``<``, ``>``, ``&`` and the JavaScript line separators are written as
    ``\\u`` escapes, so no string in the data can end the block or open a tag.

    >>> str(script_json({"t": "</script><img src=x>"}))
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return Markup(text)


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _authors(data: dict, limit: int = 6) -> str:
    authors = [str(a) for a in (data.get("authors") or ())]
    shown = ", ".join(authors[:limit])
    return shown + (f" (+{len(authors) - limit} more)" if len(authors) > limit else "")


def paper_summary(data: dict) -> str:
    """Title, year and authors of a paper's node attributes, as plain text lines."""
    title = _clip(data.get("title") or data.get("name") or data.get("key") or "(untitled)", _TITLE_CHARS)
    year = paper_year(data)
    lines = [f"{title} ({year})" if year else title]
    if data.get("authors"):
        lines.append(_authors(data))
    return "\n".join(lines)


def node_tooltip(graph: nx.MultiDiGraph, node: str, papers: int) -> str:
    """The plain-text tooltip of a node: a paper's title, year, authors; an entity's type, papers, aliases."""
    data = graph.nodes[node]
    kind = node_type(graph, node)
    if kind == "Paper":
        head = f"Paper · arXiv:{data['arxiv_id']}" if data.get("arxiv_id") else "Paper"
        lines = [head, paper_summary(data)]
        if data.get("organizations"):
            lines.append("Organizations: " + _clip(", ".join(map(str, data["organizations"])), 200))
        return "\n".join(lines)
    lines = [f"{kind}: {_clip(display_name(graph, node), 120)}", f"{papers} paper{'s' if papers != 1 else ''}"]
    aliases = [str(a) for a in (data.get("aliases") or ()) if str(a) != display_name(graph, node)]
    if aliases:
        lines.append("Also: " + _clip(", ".join(aliases), 200))
    introduced = [p for p in (data.get("introduced_by") or ()) if graph.has_node(f"Paper:{p}")]
    if introduced:
        lines.append("Introduced by: " + paper_summary(graph.nodes[f"Paper:{introduced[0]}"]).split("\n")[0])
    return "\n".join(lines)


def edge_tooltip(graph: nx.MultiDiGraph, source: str, target: str, relations: list[tuple[str, str]]) -> str:
    """The plain-text tooltip of the edges between two nodes: relation, the paper behind it, evidence."""
    paper = source if node_type(graph, source) == "Paper" else target
    lines = [" · ".join(sorted({r for r, _ in relations}))]
    if node_type(graph, paper) == "Paper":
        lines.append(paper_summary(graph.nodes[paper]))
    for relation, evidence in relations:
        if evidence:
            lines.append(f"{relation}: “{_clip(evidence, _EVIDENCE_CHARS)}”")
    return "\n".join(lines)


def layout(graph: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in vis-network pixels, computed up front so big pages need no physics.

    Each connected component is laid out on its own (see
    :func:`component_layout`); components are then packed in rows, largest
    first, so a few stray nodes do not shrink the whole picture.
    """
    simple = nx.Graph()  # structure only: to_undirected() would deep-copy every attribute
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    parts = [component_layout(simple.subgraph(c), seed) for c in nx.connected_components(simple)]
    parts.sort(key=lambda part: (-len(part), min(part)))
    margin = 60.0
    boxes = []
    for part in parts:
        xs = [x for x, _ in part.values()]
        ys = [y for _, y in part.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + margin, max(ys) - min(ys) + margin))
    row_width = max([boxes[0][2]] + [math.sqrt(sum(w * h for *_, w, h in boxes)) * 1.3]) if boxes else 0
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for part, (left, top, width, height) in zip(parts, boxes):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (nx_, ny_) in part.items():
            positions[node] = (nx_ - left + x, ny_ - top + y)
        x += width
        row_height = max(row_height, height)
    return positions


def component_layout(component: nx.Graph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions (pixels, around the origin) of one connected component.

    Leaves (an author of one paper, an entity of one paper) are set in a
    sunflower disc around their only neighbour; the rest (the core) gets
    Kamada-Kawai when small, else a seeded Fruchterman-Reingold spring layout
    with fewer iterations as it grows, so a page of a few thousand nodes is
    still written in seconds.
    """
    leaves: dict[str, list[str]] = {}
    degree = dict(component.degree())  # once: a subgraph view counts its neighbours anew on every call
    for node in sorted(component):
        if degree[node] == 1:
            parent = next(iter(component[node]))
            if degree[parent] > 1:
                leaves.setdefault(parent, []).append(node)
    placed = {leaf for group in leaves.values() for leaf in group}
    core = component.subgraph(n for n in component if n not in placed)
    n = core.number_of_nodes()
    if n == 1:
        unit = {next(iter(core)): (0.0, 0.0)}
    elif n <= 60:
        unit = nx.kamada_kawai_layout(core)
    else:
        options = {"method": "force"} if "method" in inspect.signature(nx.spring_layout).parameters else {}
        iterations = max(15, min(80, int(80 * (400 / n) ** 2)))
        unit = nx.spring_layout(core, seed=seed, k=1.8 / math.sqrt(n), iterations=iterations, **options)
    scale = 0.0 if n == 1 else 110 * math.sqrt(n)
    positions = {node: (float(x) * scale, float(y) * scale) for node, (x, y) in unit.items()}
    golden = math.pi * (3 - math.sqrt(5))
    for parent, group in leaves.items():
        px, py = positions[parent]
        offset = _hash_angle(parent)
        for i, leaf in enumerate(group):  # a sunflower disc: even spacing however many leaves
            radius = 55 + 16 * math.sqrt(i)
            angle = offset + golden * i
            positions[leaf] = (px + radius * math.cos(angle), py + radius * math.sin(angle))
    return positions


def _hash_angle(node: str) -> float:
    """A stable angle for ``node`` (so rings of leaves do not all start at 3 o'clock)."""
    return (sum(node.encode("utf-8")) % 628) / 100


def build_network(
    graph: nx.MultiDiGraph, selection: Selection, urls: dict[str, str] | None = None
) -> Network:
    """A pyvis network of the selected nodes: styled by type, sized by papers, with text tooltips.

    ``graph`` holds the selection (the page graph of a source, or a whole graph
    in memory). Parallel edges between two nodes become one edge labelled with every
    relationship type. ``urls`` maps node ids to pages a double-click opens.
    """
    sub = graph.subgraph(selection.nodes)
    physics = len(selection.nodes) <= PHYSICS_LIMIT
    positions = layout(sub)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    centres = set(selection.centres)
    for node in selection.nodes:
        kind = node_type(graph, node)
        colour, shape = NODE_STYLES.get(kind, NODE_STYLES["Other"])
        papers = paper_count(graph, node)
        name = display_name(graph, node)
        x, y = positions[node]
        options = {
            "title": node_tooltip(graph, node, papers),
            "size": round(10 + 5 * math.sqrt(papers), 1),
            "x": round(x, 1),
            "y": round(y, 1),
            "kgType": kind,
            "kgName": _clip(name, 200),
            "kgPapers": papers,
        }
        if node in centres:
            options.update(borderWidth=3, color={"background": colour, "border": "#222222"}, font={"size": 28, "color": "#000000"})
        if urls and node in urls:
            options["kgUrl"] = urls[node]
        net.add_node(node, label=_clip(name, _LABEL_CHARS), shape=shape, color=options.pop("color", colour), **options)
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for source, target, data in sub.edges(data=True):
        pairs.setdefault((source, target), []).append((relation_type(data), (f"({data['role']}) " if data.get("role") and data.get("evidence") else "") + str(data.get("evidence") or "")))
    for (source, target), relations in sorted(pairs.items()):
        net.add_edge(
            source,
            target,
            label=" · ".join(sorted({r for r, _ in relations})),
            title=edge_tooltip(graph, source, target, sorted(relations)),
        )
    net.options = _vis_options(physics)  # a dict: pyvis's set_options() strips spaces from strings
    return net


def _vis_options(physics: bool) -> dict:
    return {
        "nodes": {
            "font": {"size": 20 if physics else 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1,
            # big pages: names appear once zoomed in enough to read them
            "scaling": {"label": {"enabled": False, "drawThreshold": 5 if physics else 9}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9aa5b1", "highlight": "#333333", "hover": "#333333"},
            "font": {"size": 12 if physics else 9, "color": "#555555", "strokeWidth": 2, "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous"} if not physics else {"enabled": True, "type": "dynamic"},
            "width": 1,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics, "navigationButtons": False},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110},
            "stabilization": {"enabled": True, "iterations": 150, "fit": True},
        },
        "layout": {"improvedLayout": False},
    }


@functools.cache
def _environment() -> Environment:
    """Our templates, autoescaped (one environment, so each template compiles once)."""
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _inline(path: Path, closing: str) -> Markup:
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise ValueError(f"{path} contains {closing!r} and cannot be inlined")
    return Markup(text)


def asset_files() -> dict[str, Path]:
    """The files a page needs beside it (or inline): vis-network and our own script and style."""
    return {
        "vis-network.min.js": VIS_LIB / "vis-network.min.js",
        "vis-network.css": VIS_LIB / "vis-network.css",
        "graph.js": ASSETS / "graph.js",
        "pages.css": ASSETS / "pages.css",
    }


def legend_rows(graph: nx.MultiDiGraph, selection: Selection) -> list[dict]:
    """One legend row per node type on the page: type, colour, shape, how many nodes."""
    counts: dict[str, int] = {}
    for node in selection.nodes:
        kind = node_type(graph, node)
        counts[kind] = counts.get(kind, 0) + 1
    order = list(NODE_STYLES)
    rows = []
    for kind in sorted(counts, key=lambda k: order.index(k) if k in order else len(order)):
        colour, shape = NODE_STYLES.get(kind, NODE_STYLES["Other"])
        rows.append({"type": kind, "colour": colour, "shape": shape, "count": counts[kind]})
    return rows


def render_graph_page(
    graph: PageSource | nx.MultiDiGraph,
    selection: Selection,
    title: str,
    assets: str | None = None,
    urls: dict[str, str] | None = None,
    extra: Markup | str = "",
    home: str | None = None,
) -> str:
    """The HTML of a graph page, drawn from the small graph of the selection that ``graph`` hands out.

    Args:
        graph: a page source (the database, or a networkx graph in memory; see ``kg.pages.source``).
        selection: what to draw (see ``kg.pages.select.select_nodes``).
        title: the page heading, shown as text.
        assets: relative folder holding ``asset_files()``; None inlines them all.
        urls: node id -> page opened by a double-click on the node.
        extra: already-escaped HTML shown under the graph (the site's paper lists).
        home: relative link back to the site index, if any.
    """
    page = as_source(graph).page_graph(selection.nodes)
    return render_page(page, selection, title, assets=assets, urls=urls, extra=extra, home=home)


def page_payload(page: nx.MultiDiGraph, selection: Selection, urls: dict[str, str] | None = None) -> dict:
    """What a page hands vis-network: nodes, edges, options and the candidate total (the JSON data block)."""
    nodes, edges, _heading, _height, _width, options = build_network(page, selection, urls).get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options), "total": selection.total_nodes}


def render_page(
    page: nx.MultiDiGraph,
    selection: Selection,
    title: str,
    assets: str | None = None,
    urls: dict[str, str] | None = None,
    extra: Markup | str = "",
    home: str | None = None,
) -> str:
    """The HTML of a graph page drawn from ``page``, a graph holding the selection (see :func:`render_graph_page`)."""
    payload = page_payload(page, selection, urls)
    files = asset_files()
    inline = None
    if assets is None:
        inline = {
            "vis_css": _inline(files["vis-network.css"], "</style"),
            "pages_css": _inline(files["pages.css"], "</style"),
            "vis_js": _inline(files["vis-network.min.js"], "</script"),
            "graph_js": _inline(files["graph.js"], "</script"),
        }
    return _environment().get_template("graph.html").render(
        title=title,
        selection=selection,
        shown=len(selection.nodes),
        edge_count=len(payload["edges"]),
        legend=legend_rows(page, selection),
        centres=[display_name(page, c) + f" ({node_type(page, c)})" for c in selection.centres],
        data=script_json(payload),
        inline=inline,
        assets=assets,
        extra=Markup(extra) if extra else "",
        home=home,
    )


def write_viz(
    graph: PageSource | nx.MultiDiGraph,
    out: Path,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = 500,
) -> Selection:
    """Write one self-contained page (everything inline) of ``graph`` or of ``focus``'s neighbourhood.

    ``graph`` is a page source (the database reads only what the page draws) or
    a networkx graph. Returns the selection drawn, so callers can report what was left out.
    """
    source = as_source(graph)
    selection = select_nodes(source, focus=focus, depth=depth, max_nodes=max_nodes)
    page = source.page_graph(selection.nodes)
    if focus:
        title = f"{', '.join(display_name(page, c) for c in selection.centres)} — neighbourhood (depth {depth})"
    else:
        title = "Knowledge graph of ML papers"
    html = render_page(page, selection, title)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return selection
