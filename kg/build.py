"""Build orchestration: read inputs -> extract -> merge into a graph -> save atomically.

Papers stream from the files to the extractors to the graph: a first pass over
the inputs only notes which papers are copies of one another, the second
merges them (exactly as :func:`kg.readers.read_inputs` would) on the way through.
With ``extracted``, the inputs are ``kg extract`` shards and the extraction step is skipped.

One build per graph at a time: an exclusive ``fcntl`` lock on ``<graph>.lock``
refuses a second build instead of letting two interleave. The kernel drops the
lock when the process dies, so a killed build never leaves a stale lock, and
:func:`kg.graph.store.write_graph` never leaves a half-written graph (it writes a
new database or file beside the old one and renames it into place).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.atomic import is_special
from kg.errors import KgError
from kg.filters import KEEP_ALL, PaperFilter
from kg.gc_pause import gc_paused
from kg.graph.nx_store import merge_into, merge_nodes, new_graph, one_link_per_entity
from kg.graph.store import load_networkx, write_graph
from kg.keys import entity_node
from kg.types import EntityType, Paper, PaperExtraction, ReadProblem, Skipped

if TYPE_CHECKING:
    from extractors.resolve import DefinitionMemory
    from kg.readers import ReadCounts

_ENTITY_TYPES = {t.value: t for t in EntityType}

#: Wraps the extraction stream, e.g. in a progress bar: ``(stream, total) -> stream``.
ProgressWrapper = Callable[[Iterable[PaperExtraction], int | None], Iterable[PaperExtraction]]


class BuildLockedError(KgError):
    """Another build holds the lock of the same graph."""


class UnreadableInputError(KgError):
    """Some input cannot be read at all (missing, empty folder, unrecognised...): nothing was written."""

    def __init__(self, problems: Sequence[ReadProblem]) -> None:
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{lines}\nnothing written: fix or remove the input(s) above (any existing output is unchanged)")
        self.problems = tuple(problems)


def refuse_unreadable_inputs(inputs: Sequence[Path | str], fmt: str | None = None) -> None:
    """Raise :class:`UnreadableInputError` when an input is one no reader can take (see :func:`kg.readers.check_inputs`).

    Called before anything is written: a mistyped folder or a stray file must not
    replace a good graph with an empty one. Records that fail inside a readable file
    are still skipped and reported, as before.
    """
    from kg.readers import check_inputs

    problems = check_inputs([p for p in inputs if not is_special(p)], fmt=fmt)
    if problems:
        raise UnreadableInputError(problems)


@dataclass(frozen=True)
class BuildResult:
    """What a build did: papers merged, problems skipped, the graph's size afterwards."""

    path: Path
    papers: int
    problems: tuple[ReadProblem, ...]
    nodes: int
    edges: int
    added: bool
    skipped: ReadCounts | None = None  # records filtered out or deleted at the source
    duplicates: int = 0  # records merged into another copy of the same paper (or, with add, one already in the graph)


def lock_path(graph_path: Path) -> Path:
    """The lock file that guards ``graph_path``."""
    return graph_path.with_name(graph_path.name + ".lock")


@contextlib.contextmanager
def graph_lock(graph_path: Path) -> Iterator[None]:
    """Hold the exclusive build lock of ``graph_path``; :class:`BuildLockedError` if taken."""
    path = lock_path(graph_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                f"{graph_path}: another kg build is writing this graph (lock {path} is held); "
                "wait for it to finish or use another --graph"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def remove_stale_temp_files(graph_path: Path) -> None:
    """Delete temp files a killed save left beside ``graph_path`` (safe: we hold the lock)."""
    for tmp in [*graph_path.parent.glob(f".{graph_path.name}.*.tmp"), *graph_path.parent.glob(f".{graph_path.name}.*.tmp.wal")]:
        with contextlib.suppress(OSError):
            tmp.unlink()


@dataclass(frozen=True)
class MergePlan:
    """Which duplicate group each paper read belongs to (pass 1 of :func:`stream_papers`)."""

    groups: array  # group number of the i-th paper read, in read order
    sizes: tuple[int, ...]  # copies per group; groups are numbered in order of first appearance
    problems: tuple[ReadProblem, ...]
    skipped: ReadCounts

    @property
    def papers(self) -> int:
        """Papers left once duplicates are merged."""
        return len(self.sizes)


def plan_merge(
    inputs: Sequence[Path | str], fmt: str | None = None, strict: bool = False, keep: PaperFilter = KEEP_ALL
) -> MergePlan:
    """Read ``inputs`` once keeping only each paper's duplicate group: a few bytes per paper.

    Groups papers exactly as :func:`kg.readers.merge.merge_papers` does (the same
    :class:`~kg.readers.merge.DuplicateGroups`); papers ``keep`` rejects are only counted.
    Raises :class:`kg.readers.ReadError` with ``strict`` at the first bad record, before
    any extraction starts.
    """
    from kg.readers import ReadCounts, iter_papers
    from kg.readers.merge import DuplicateGroups

    groups = array("l")
    sizes: list[int] = []
    grouper = DuplicateGroups()
    problems: list[ReadProblem] = []
    skipped: Counter = Counter()
    for item in iter_papers(list(inputs), fmt=fmt, strict=strict, keep=keep):
        if isinstance(item, Skipped):
            skipped[item] += 1
            continue
        if isinstance(item, ReadProblem):
            problems.append(item)
            continue
        slot = grouper.add(item)
        if slot == len(sizes):
            sizes.append(0)
        sizes[slot] += 1
        groups.append(slot)
    return MergePlan(groups, tuple(sizes), tuple(problems), ReadCounts.of(skipped))


def stream_papers(
    inputs: Sequence[Path | str], plan: MergePlan, fmt: str | None = None, keep: PaperFilter = KEEP_ALL
) -> Iterator[Paper]:
    """Pass 2: the merged papers of ``inputs``, the same records in the same order as ``read_inputs``.

    Each group's merged record is yielded once its last copy is read, in order of
    first appearance; only copies of groups not yet yielded are held, so memory
    stays flat unless duplicates lie far apart in the input. ``keep`` must be the
    filter ``plan`` was made with (with a category filter, the arXiv snapshot reader
    skips the other records without decoding them, so this pass is cheap too).
    """
    from kg.readers import iter_papers
    from kg.readers.merge import merge_copies

    pending: dict[int, list[Paper]] = {}
    next_group = 0
    position = 0
    for item in iter_papers(list(inputs), fmt=fmt, keep=keep):
        if item.__class__ is not Paper:
            continue  # problems and skipped records were counted by plan_merge
        if position >= len(plan.groups):
            raise KgError("the inputs changed while being read; run the command again")
        group = plan.groups[position]
        position += 1
        pending.setdefault(group, []).append(item)
        while len(pending.get(next_group, ())) == plan.sizes[next_group]:
            yield merge_copies(pending.pop(next_group))
            next_group += 1
            if next_group == len(plan.sizes):
                break
    if next_group != len(plan.sizes) or position != len(plan.groups):
        raise KgError("the inputs changed while being read; run the command again")


@dataclass(frozen=True)
class PaperStream:
    """Merged papers streamed from the inputs, with what reading found: how many, problems, records skipped."""

    papers: Iterable[Paper]
    total: int
    problems: tuple[ReadProblem, ...]
    skipped: ReadCounts
    records: int = -1  # papers read before duplicates merged (-1: the same as ``total``)


def read_streaming(
    inputs: Sequence[Path | str], fmt: str | None = None, strict: bool = False, keep: PaperFilter = KEEP_ALL
) -> PaperStream:
    """The merged papers ``keep`` accepts, streamed in two passes over files and folders.

    Inputs that cannot be read twice (a pipe, a device) are read once into memory
    with :func:`kg.readers.read_inputs` instead.
    """
    if any(is_special(path) for path in inputs):
        from kg.readers import read_inputs

        result = read_inputs(list(inputs), fmt=fmt, strict=strict, keep=keep)
        return PaperStream(result.papers, len(result.papers), result.problems, result.skipped)
    plan = plan_merge(inputs, fmt=fmt, strict=strict, keep=keep)
    return PaperStream(stream_papers(inputs, plan, fmt=fmt, keep=keep), plan.papers, plan.problems, plan.skipped, records=len(plan.groups))


def extract_all(
    papers: Iterable[Paper], workers: int = 1, lexicon_paths: Sequence[Path] = (), use_ner: bool = True
) -> Iterator[PaperExtraction]:
    """Extractions of ``papers`` in input order, in this process or across ``workers`` processes."""
    options = {"lexicon_paths": tuple(lexicon_paths), "use_ner": use_ner}
    if workers > 1:
        from kg.parallel import extract_parallel

        return extract_parallel(papers, workers=workers, **options)
    from extractors.pipeline import Extractor

    return Extractor(**options).extract_many(papers)


def build(
    inputs: Sequence[Path | str],
    graph_path: Path,
    *,
    add: bool = False,
    fmt: str | None = None,
    strict: bool = False,
    workers: int = 1,
    lexicon_paths: Sequence[Path] = (),
    use_ner: bool = True,
    progress: ProgressWrapper | None = None,
    extracted: bool = False,
    link: bool = True,
    keep: PaperFilter = KEEP_ALL,
) -> BuildResult:
    """Build (or with ``add``, extend) the graph at ``graph_path`` (a database, or a ``.json.gz`` file) from ``inputs``.

    With ``extracted``, ``inputs`` are ``kg extract`` output: their papers, entities and
    triples are merged as they are and nothing is extracted (the way shards become one graph).
    With ``link``, a bare acronym joins the long form that another paper defines, as
    ``kg extract --link`` does, over the whole graph (with ``add``, the papers already in it too).
    Only papers ``keep`` accepts are built (or loaded, with ``extracted``).

    Raises :class:`kg.errors.KgError` subclasses for user-facing failures, all before
    the graph is touched: an input no reader can take (:class:`UnreadableInputError`),
    a held lock, an unreadable existing graph, or (with ``strict``) the first bad record.
    """
    from kg.readers import ReadCounts

    graph_path = Path(graph_path)
    refuse_unreadable_inputs(inputs, fmt="jsonl" if extracted else fmt)
    with graph_lock(graph_path):
        remove_stale_temp_files(graph_path)
        graph = load_networkx(graph_path) if add and graph_path.exists() else new_graph()
        if add:  # a graph written before a paper kept one edge per entity gets that rule now
            one_link_per_entity(graph)
        found: list[ReadProblem] = []
        skipped: Counter = Counter()
        before = _corpus_papers(graph)
        merged_on_reading = 0
        if extracted:
            stream: Iterable[PaperExtraction] = _loaded(inputs, strict, found, keep, skipped)
            total = None
        else:
            read = read_streaming(list(inputs), fmt=fmt, strict=strict, keep=keep)
            found.extend(read.problems)
            skipped.update({Skipped.FILTERED: read.skipped.filtered, Skipped.DELETED: read.skipped.deleted})
            total = read.total
            merged_on_reading = max(0, read.records - read.total) if read.records >= 0 else 0
            stream = extract_all(read.papers, workers, lexicon_paths, use_ner)
        if progress is not None:
            stream = progress(stream, total)
        count, copies, nodes, edges = merge_and_write(graph, stream, graph_path, link)
        duplicates = merged_on_reading + copies + before
    return BuildResult(
        path=graph_path,
        papers=count,
        problems=tuple(found),
        nodes=nodes,
        edges=edges,
        added=add,
        skipped=ReadCounts.of(skipped),
        duplicates=duplicates,
    )


def merge_and_write(graph, stream: Iterable[PaperExtraction], graph_path: Path, link: bool) -> tuple[int, int, int, int]:
    """Merge ``stream`` into ``graph``, link acronyms, write it, then empty it: (papers merged, copies, nodes, edges).

    The collector stays paused throughout: re-enabled between the steps, it would scan the
    millions of new graph dicts once per generation (seconds at 100k papers). The write takes
    the graph apart as it goes (edges first, then each label's nodes), which frees it by
    reference counting, so no scan follows either, and the database's own memory while it
    copies the tables in comes on top of what is left of the graph, not of all of it.
    ``copies``: papers merged minus the corpus papers in the graph.
    """
    with gc_paused():
        preload_writer(graph_path, link)
        count = merge_into(graph, stream)
        copies = count - _corpus_papers(graph)
        if link:
            link_graph_acronyms(graph)
        nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
        clear_text_memos()
        write_graph(graph, graph_path, consume=True)
    return count, copies, nodes, edges


def preload_writer(graph_path: Path, link: bool) -> None:
    """Import what linking and writing will need before the merge starts.

    A module imported later puts its long-lived objects among the graph's, in the holes the
    merge leaves in the allocator's arenas, and keeps those arenas from being handed back to
    the system when the write frees the graph (see :func:`kg.graph.ladybug_store.write_database`).
    """
    from kg.graph.store import is_graph_file

    if link:
        import extractors.resolve  # noqa: F401
    if not is_graph_file(graph_path):
        from kg.graph.ladybug_store import preload

        preload()


def clear_text_memos() -> None:
    """Empty the memos of name normalisation, LaTeX conversion and dates once the merge is done.

    They hold up to some 200,000 strings seen while reading and merging (LaTeX titles and
    abstracts among them); kept, they would outlive the graph and pin the memory it is freed
    into while the database is written. Clearing a memo changes no result.
    """
    from extractors.resolve import fold_key
    from kg.dates import _date_part_day
    from kg.normalize import normalize_name
    from kg.readers.latex import _convert

    for memo in (normalize_name, _convert, _date_part_day, fold_key):
        memo.cache_clear()


def _corpus_papers(graph) -> int:
    """Papers of the corpus in ``graph`` (not those only cited by arXiv ID)."""
    return sum(1 for _, data in graph.nodes(data=True) if data.get("in_corpus"))


def _loaded(
    inputs: Sequence[Path | str], strict: bool, problems: list[ReadProblem], keep: PaperFilter, skipped: Counter
) -> Iterator[PaperExtraction]:
    """The extractions ``keep`` accepts, stored in ``kg extract`` files; bad lines are noted in ``problems``."""
    from kg.readers.extractions import iter_extractions

    for item in iter_extractions(list(inputs), strict=strict, keep=keep):
        if isinstance(item, ReadProblem):
            problems.append(item)
        elif isinstance(item, Skipped):
            skipped[item] += 1
        else:
            yield item


def graph_definitions(graph) -> DefinitionMemory:
    """The acronym definitions that the entity nodes of ``graph`` carry (their names and aliases)."""
    from extractors.resolve import DefinitionMemory

    memory = DefinitionMemory()
    for _, data in graph.nodes(data=True):
        entity_type = _ENTITY_TYPES.get(data.get("type"))
        if entity_type is not None and data.get("name") and data.get("aliases"):
            memory.learn_names(entity_type, data["name"], data["aliases"])
    return memory


def link_graph_acronyms(graph) -> None:
    """Merge each entity node named by a bare acronym into the node of its long form.

    :func:`extractors.resolve.link_acronyms` done on the merged graph instead of on the
    extractions, so ``kg build`` needs no second pass over them: the definitions are learned
    from the entity nodes' names and aliases, and only an acronym with exactly one long form
    in the graph is linked.
    """
    memory = graph_definitions(graph)
    renames = {}
    for node, data in graph.nodes(data=True):
        entity_type = _ENTITY_TYPES.get(data.get("type"))
        long = memory.long_form(entity_type, data.get("key", "")) if entity_type is not None else None
        if long is not None:
            target = entity_node(entity_type, long[0])
            if target != node and target in graph:
                renames[node] = target
    renames = {old: new for old, new in renames.items() if new not in renames}  # no chains
    merge_nodes(graph, renames)


def link_acronyms_spooled(extractions: Iterable[PaperExtraction]) -> Iterator[PaperExtraction]:
    """:func:`extractors.resolve.link_acronyms` with memory flat in the number of papers.

    The first pass learns the corpus's acronym definitions while each extraction waits,
    pickled, in an anonymous temporary file; the second reads them back one at a time and
    links them. Only the definitions stay in memory.
    """
    from extractors.resolve import DefinitionMemory, link_paper

    memory = DefinitionMemory()
    with tempfile.TemporaryFile(prefix="kg-link-") as spool:
        count = 0
        for extraction in extractions:
            memory.learn(extraction.entities)
            pickle.dump(extraction, spool, protocol=pickle.HIGHEST_PROTOCOL)
            count += 1
        spool.seek(0)
        for _ in range(count):
            with gc_paused():  # the consumer's own work runs with the collector as it was
                extraction = pickle.load(spool)
            yield link_paper(extraction, memory)
