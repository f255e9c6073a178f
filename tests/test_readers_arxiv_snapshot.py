"""The arXiv metadata snapshot reader (Kaggle's arxiv-metadata-oai-snapshot.json), on files written here."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.filters import PaperFilter
from kg.readers import iter_papers, read_inputs
from kg.readers.arxiv_snapshot import raw_categories
from kg.readers.textio import collapse_whitespace
from kg.types import Paper, ReadProblem, Skipped

#: Shaped like the real file: compact JSON, LaTeX in names, hard-wrapped title and abstract.
DIPHOTON = {
    "id": "0704.0001", "submitter": "Pavel Nadolsky",
    "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
    "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
    "comments": "37 pages, 15 figures; published version", "journal-ref": "Phys.Rev.D76:013009,2007",
    "doi": "10.1103/PhysRevD.76.013009", "report-no": "ANL-HEP-PR-07-12", "categories": "hep-ph", "license": None,
    "abstract": "  A fully differential calculation in perturbative quantum chromodynamics is\npresented for the production of massive photon pairs.\n",
    "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
                 {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"}],
    "update_date": "2008-11-13",
    "authors_parsed": [["Balázs", "C.", ""], ["Berger", "E. L.", ""], ["Nadolsky", "P. M.", ""], ["Yuan", "C. -P.", ""]],
}
#: Old-style ID, no authors_parsed: the author string is split, its LaTeX accents converted.
OLD_STYLE = {
    "id": "cs/0112099", "authors": "J\\\"org M\\\"uller, Ana Lima and Bo Chen",
    "title": "Sch\\\"atzung von {Modellen}", "categories": "cs.LG cs.CL", "license": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
    "abstract": "We estimate\n  models.", "versions": [{"version": "v1", "created": "Fri, 21 Dec 2001 10:00:00 GMT"}],
}
#: No versions: the date comes from the ID (month precision).
NO_VERSIONS = {"id": "2405.01234", "authors": "Ana Lima, Bo Chen and Carla Schmidt", "title": "Late paper",
               "categories": "stat.ML", "abstract": "Text.", "authors_parsed": [["M\\\"uller", "J\\\"org", "Jr"]]}


def write_snapshot(path, records, extra_lines=()):
    lines = [json.dumps(r, separators=(",", ":")) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def snapshot(tmp_path):
    return write_snapshot(tmp_path / "arxiv-metadata-oai-snapshot.json", [DIPHOTON, OLD_STYLE, NO_VERSIONS])


def test_arxiv_snapshot_record_fields(snapshot):
    first, old, late = read_inputs([snapshot]).papers
    assert (first.id, first.arxiv_id, first.line) == ("0704.0001", "0704.0001", 1)
    assert first.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan")
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert first.abstract == ("A fully differential calculation in perturbative quantum chromodynamics is presented "
                              "for the production of massive photon pairs.")
    assert (first.published, first.updated) == ("2007-04-02", "2007-07-24")
    assert (first.date, first.date_precision, first.date_source) == ("2007-04-02", "day", "published")
    assert first.categories == ("hep-ph",)
    assert (first.doi, first.journal_ref, first.license) == ("10.1103/PhysRevD.76.013009", "Phys.Rev.D76:013009,2007", None)
    assert first.comments == "37 pages, 15 figures; published version"
    assert (old.id, old.arxiv_id) == ("cs/0112099", "cs/0112099")
    assert old.authors == ("Jörg Müller", "Ana Lima", "Bo Chen")
    assert old.title == "Schätzung von Modellen"
    assert old.categories == ("cs.LG", "cs.CL") and old.license.endswith("nonexclusive-distrib/1.0/")
    assert (old.published, old.updated) == ("2001-12-21", "2001-12-21")


def test_arxiv_snapshot_parsed_authors_win_and_date_comes_from_the_id(snapshot):
    late = read_inputs([snapshot]).papers[2]
    assert late.authors == ("Jörg Müller Jr",)
    assert late.published is None
    assert (late.date, late.date_precision, late.date_source) == ("2024-05", "month", "arxiv_id")


def test_arxiv_snapshot_bad_lines_are_named_and_good_records_kept(tmp_path):
    no_id = {k: v for k, v in DIPHOTON.items() if k != "id"}
    path = write_snapshot(tmp_path / "s.json", [DIPHOTON, no_id, {**DIPHOTON, "id": "2413.00001"}, OLD_STYLE],
                          extra_lines=['{"id":"0704.0002","title":"Cut off'])
    result = read_inputs([path])
    assert [p.arxiv_id for p in result.papers] == ["0704.0001", "cs/0112099"]
    assert [(p.line, p.message) for p in result.problems] == [
        (2, 'record has no "id" (the arXiv ID)'),
        (3, "\"id\" is not an arXiv ID: '2413.00001'"),
        (5, "invalid JSON: Unterminated string starting at (column 27)"),
    ]
    assert all(str(p).startswith(f"{path}:") for p in result.problems)


def test_arxiv_snapshot_category_filter_skips_lines_before_decoding(tmp_path):
    broken_other = '{"id":"0704.0003","categories":"math.CO","title":"never decoded'  # invalid JSON, but filtered
    path = write_snapshot(tmp_path / "s.json", [DIPHOTON, OLD_STYLE, NO_VERSIONS], extra_lines=[broken_other])
    items = list(iter_papers([path], keep=PaperFilter.parse("cs.,stat.ML")))
    assert [i.arxiv_id for i in items if isinstance(i, Paper)] == ["cs/0112099", "2405.01234"]
    assert items.count(Skipped.FILTERED) == 2
    assert not any(isinstance(i, ReadProblem) for i in items)


def test_arxiv_snapshot_raw_categories_matches_the_decoded_value():
    line = json.dumps(OLD_STYLE, separators=(",", ":"))
    assert raw_categories(line) == OLD_STYLE["categories"]
    assert raw_categories(json.dumps(OLD_STYLE)) == OLD_STYLE["categories"]  # with spaces after colons
    tricky = json.dumps({"abstract": 'a "categories": "cs.LG" b', "categories": "math.CO"})
    assert raw_categories(tricky) == "math.CO"
    assert raw_categories('{"id":"x"}') is None


def test_arxiv_snapshot_format_can_be_forced(tmp_path):
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"title": "A listing record", "abstract": "No arXiv ID here."}\n', encoding="utf-8")
    assert len(read_inputs([plain]).papers) == 1  # detected as the tool's own jsonl
    forced = read_inputs([plain], fmt="arxiv-snapshot")
    assert forced.papers == () and [p.message for p in forced.problems] == ['record has no "id" (the arXiv ID)']


def test_arxiv_snapshot_latin1_line_still_reads(tmp_path):
    path = tmp_path / "s.json"
    line = json.dumps({**NO_VERSIONS, "title": "Über Modelle"}, ensure_ascii=False)
    path.write_bytes(json.dumps(DIPHOTON).encode() + b"\n" + line.encode("cp1252") + b"\n")
    papers = read_inputs([path], fmt="arxiv-snapshot").papers
    assert [p.title for p in papers][1] == "Über Modelle"


@pytest.mark.parametrize("chunk", [1, 2, 7, 19, 64])
def test_arxiv_snapshot_chunked_lines_equal_the_text_readers_lines(tmp_path, monkeypatch, chunk):
    """The fast byte splitter gives the same lines (and the same over-long ones) as every other reader."""
    import random

    from kg.readers import arxiv_snapshot, textio

    monkeypatch.setattr(arxiv_snapshot, "_CHUNK_BYTES", chunk)
    monkeypatch.setattr(arxiv_snapshot, "MAX_LINE_CHARS", 20)
    monkeypatch.setattr(textio, "MAX_LINE_CHARS", 20)
    rng = random.Random(chunk)
    path = tmp_path / "lines.txt"
    for _ in range(300):
        lines = ["".join(rng.choice("ab{} ") for _ in range(rng.choice([0, 1, 19, 20, 21, 40, 100])))
                 for _ in range(rng.randint(0, 6))]
        path.write_bytes(("x" + rng.choice(["\n", "\r\n"]).join(lines) + rng.choice(["", "\n", "\r\n"])).encode())
        file = textio.inspect_file(path)
        expected = list(textio.iter_lines(file))
        got = [(n, line.decode() if line is not None else None) for n, line in arxiv_snapshot._byte_lines(file)]
        assert got == expected, path.read_bytes()


# The snapshot reader's fast paths give exactly what the general code they stand in for gives.

_BLANKS = ["\n", "\n  ", "  ", " ", "\t", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000"]
_PIECES = st.sampled_from(_BLANKS + ["word", "Müller", "x", "\\'a", "{B}", "\x00", "\u200b", "é"])
WRAPPED = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(WRAPPED, st.text()))
def test_collapse_whitespace_is_split_and_join(text):
    assert collapse_whitespace(text) == " ".join(text.split())


def test_collapse_whitespace_fast_path_takes_arxiv_wrapping(monkeypatch):
    """The wrapped title and abstract of a snapshot record never reach the general path (else the test above proves little)."""
    import kg.readers.textio as textio

    calls = []
    monkeypatch.setattr(textio, "_no_ascii_space_but_blank", lambda text: calls.append(text) or True)
    assert collapse_whitespace(DIPHOTON["title"]) == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert collapse_whitespace(DIPHOTON["abstract"]).startswith("A fully differential calculation in perturbative quantum")
    assert len(calls) == 2


_CATEGORY = st.sampled_from(["cs.LG", "CS.cl", "cs", "stat.ML", "stat.ME", "math.CO", "hep-ph", "cs.", "é", ""])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CATEGORY, max_size=3).map(" ".join), min_size=1, max_size=30),
       st.sampled_from(["cs.,stat.ML", "cs.LG", "math", "hep-ph,stat"]), st.sampled_from([1, 3, 1 << 16]))
def test_arxiv_snapshot_remembered_category_verdicts_keep_what_the_filter_keeps(tmp_path_factory, values, category, bound):
    """Lines skipped on a remembered verdict (even when the memory is full) are the lines the filter rejects."""
    from kg.readers import arxiv_snapshot

    path = tmp_path_factory.mktemp("verdicts") / "s.json"
    records = [{**NO_VERSIONS, "id": f"2405.{i:05d}", "categories": value} for i, value in enumerate(values)]
    write_snapshot(path, records)
    keep = PaperFilter.parse(category)
    original = arxiv_snapshot._MAX_VERDICTS
    arxiv_snapshot._MAX_VERDICTS = bound
    try:
        items = list(iter_papers([path], keep=keep))
    finally:
        arxiv_snapshot._MAX_VERDICTS = original
    expected = [r["id"] for r in records if keep.accepts_categories(r["categories"].split())]
    assert [i.arxiv_id for i in items if isinstance(i, Paper)] == expected
    assert items.count(Skipped.FILTERED) == len(records) - len(expected)
