"""Bad input: every case gives papers and/or one-line problems naming file and line, never a crash."""

from __future__ import annotations

import os
import socket
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.readers import ReadError, iter_papers, read_inputs
from kg.types import Paper, ReadProblem

GOOD_LINE = '{"title": "A Good Paper", "abstract": "It reads."}\n'


def test_bad_input_nonexistent_path(tmp_path):
    path = tmp_path / "missing.jsonl"
    assert read_inputs([path]).problems == (ReadProblem(str(path), 0, "no such file or folder"),)


def test_bad_input_strict_raises_read_error_with_the_same_message(tmp_path):
    path = tmp_path / "missing.jsonl"
    with pytest.raises(ReadError) as info:
        read_inputs([path], strict=True)
    assert isinstance(info.value, KgError)
    assert str(info.value) == f"{path}: no such file or folder"


def test_bad_input_socket_is_not_a_regular_file(tmp_path):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        assert [p.message for p in read_inputs([path]).problems] == ["not a regular file"]
    finally:
        server.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_bad_input_unreadable_file(tmp_path):
    path = tmp_path / "secret.jsonl"
    path.write_text(GOOD_LINE, encoding="utf-8")
    path.chmod(0)
    try:
        assert [p.message for p in read_inputs([path]).problems] == ["cannot read file: Permission denied"]
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n\t\n"])
def test_bad_input_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert read_inputs([path]).problems == (ReadProblem(str(path), 0, "empty file"),)


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", bytes(range(256)) * 8, b"\x01\x02\x03\x04abc" * 100],
)
def test_bad_input_binary_file(tmp_path, content):
    path = tmp_path / "image.png"
    path.write_bytes(content)
    (problem,) = read_inputs([path]).problems
    assert problem.message.startswith("binary file, not text")


def test_bad_input_latin1_falls_back(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        '{"title": "Über Modelle", "abstract": "Café — naïve", "authors": ["Jörg Müller"]}\n'.encode("cp1252")
    )
    result = read_inputs([path])
    assert result.problems == ()
    (paper,) = result.papers
    assert (paper.title, paper.abstract, paper.authors) == ("Über Modelle", "Café — naïve", ("Jörg Müller",))


def test_bad_input_latin1_listing(tmp_path, seed_paths):
    text = seed_paths["004"].read_text(encoding="utf-8").replace("Kianté", "Kianté").replace("Ü", "U")
    path = tmp_path / "org.txt"
    path.write_bytes(text.replace("·", "·").encode("latin-1", errors="replace"))
    result = read_inputs([path])
    assert len(result.papers) == 50
    assert next(p for p in result.papers if p.line == 13).authors[2] == "Kianté Brantley"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_bad_input_bom_encodings(tmp_path, encoding):
    path = tmp_path / "bom.jsonl"
    data = (GOOD_LINE + '{"title": "Zweites Papier über Modelle", "abstract": "ä"}\n').encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    result = read_inputs([path])
    assert result.problems == ()
    assert [p.title for p in result.papers] == ["A Good Paper", "Zweites Papier über Modelle"]
    assert [p.line for p in result.papers] == [1, 2]


@pytest.mark.parametrize("seed,count", [("000", 10), ("001", 65), ("004", 50)])
def test_bad_input_crlf_line_ends(tmp_path, seed_paths, seed, count):
    original = read_inputs([seed_paths[seed]]).papers
    path = tmp_path / "crlf.txt"
    path.write_bytes(seed_paths[seed].read_bytes().replace(b"\n", b"\r\n"))
    result = read_inputs([path])
    assert result.problems == ()
    assert len(result.papers) == count
    strip = lambda p: (p.title, p.abstract, p.authors, p.line, p.arxiv_id, p.published, p.comments)  # noqa: E731
    assert [strip(p) for p in result.papers] == [strip(p) for p in original]


def test_bad_input_giant_line_is_a_problem_and_memory_stays_small(tmp_path):
    path = tmp_path / "giant.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(GOOD_LINE)
        out.write('{"title": "Huge", "abstract": "' + "x" * (50 * 1024 * 1024) + '"}\n')
        out.write('{"title": "A Second Paper", "abstract": "It reads too."}\n')
    tracemalloc.start()
    try:
        result = read_inputs([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.title for p in result.papers] == ["A Good Paper", "A Second Paper"]
    assert result.problems == (ReadProblem(str(path), 2, "line longer than 4 million characters; skipped"),)
    assert peak < 30 * 1024 * 1024  # the 50 MB line was never held whole


def test_bad_input_giant_single_line_without_newline(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_bytes(b"a" * (50 * 1024 * 1024))
    (problem,) = read_inputs([path]).problems
    assert problem.message.startswith("unrecognised format")
    path.write_bytes(b'{"title": "' + b"a" * (50 * 1024 * 1024))
    assert read_inputs([path]).problems == (
        ReadProblem(str(path), 1, "line longer than 4 million characters; skipped"),
    )


def test_bad_input_truncated_jsonl_keeps_earlier_lines(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_text(GOOD_LINE * 3 + '{"title": "Cut off", "abst', encoding="utf-8")
    result = read_inputs([path])
    assert len(result.papers) == 1  # three identical copies merge
    assert len(result.papers[0].also_in) == 2
    (problem,) = result.problems
    assert (problem.line, problem.message.startswith("invalid JSON: Unterminated string")) == (4, True)
    assert len([i for i in iter_papers([path]) if isinstance(i, Paper)]) == 3


def test_bad_input_unrecognised_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes.\nNothing that looks like a listing.\n", encoding="utf-8")
    assert read_inputs([path]).problems == (
        ReadProblem(
            str(path),
            0,
            "unrecognised format (not one of arxiv-listing, hf-listing, org-listing, jsonl, json, atom, "
            "arxiv-snapshot, oai-pmh, openalex, semantic-scholar); pass --format to choose one",
        ),
    )


def test_bad_input_format_override_and_detection_ignore_file_names(tmp_path, seed_paths):
    misnamed = tmp_path / "papers.json"
    misnamed.write_bytes(seed_paths["004"].read_bytes())
    assert len(read_inputs([misnamed]).papers) == 50
    assert len(read_inputs([misnamed], fmt="org-listing").papers) == 50
    forced = read_inputs([misnamed], fmt="jsonl")
    assert forced.papers == () and forced.problems[0].line == 1
    with pytest.raises(ReadError, match="unknown format 'csv'"):
        read_inputs([misnamed], fmt="csv")


def test_bad_input_folder_with_mixed_files(tmp_path, seed_paths):
    (tmp_path / "a_good.jsonl").write_text(GOOD_LINE, encoding="utf-8")
    (tmp_path / "b_binary.bin").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "c_empty.txt").write_text("", encoding="utf-8")
    (tmp_path / ".hidden.jsonl").write_text("not json", encoding="utf-8")
    hidden_dir = tmp_path / ".cache"
    hidden_dir.mkdir()
    (hidden_dir / "x.jsonl").write_text("not json", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "org.txt").write_bytes(seed_paths["004"].read_bytes())
    (sub / "bad.jsonl").write_text('{"title": "Other", "abstract": "Else."}\n{oops\n', encoding="utf-8")
    result = read_inputs([tmp_path])
    assert len(result.papers) == 52
    assert [p.source for p in result.papers][:2] == [str(tmp_path / "a_good.jsonl"), str(sub / "bad.jsonl")]
    assert [(os.path.basename(p.source), p.line, p.message.split(" (")[0].split(",")[0]) for p in result.problems] == [
        ("b_binary.bin", 0, "binary file"),
        ("c_empty.txt", 0, "empty file"),
        ("bad.jsonl", 2, "invalid JSON: Expecting property name enclosed in double quotes"),
    ]
    with pytest.raises(ReadError, match="b_binary.bin: binary file"):
        read_inputs([tmp_path], strict=True)


def test_bad_input_single_path_string_is_accepted(seed_paths):
    assert len(read_inputs(str(seed_paths["000"])).papers) == 10


def test_bad_input_iter_papers_streams_before_the_bad_part(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(GOOD_LINE + "{bad\n", encoding="utf-8")
    stream = iter_papers([path], strict=True)
    assert isinstance(next(stream), Paper)
    with pytest.raises(ReadError, match=":2: invalid JSON"):
        next(stream)


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(text=st.text())
def test_bad_input_any_text_never_raises(tmp_path, text):
    path = tmp_path / "any.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = read_inputs([path])
    assert all(isinstance(p, Paper) for p in result.papers)
    assert all(isinstance(p, ReadProblem) and p.source == str(path) and "\n" not in p.message for p in result.problems)


@_SETTINGS
@given(data=st.binary(max_size=2000))
def test_bad_input_any_bytes_never_raise(tmp_path, data):
    path = tmp_path / "any.bin"
    path.write_bytes(data)
    result = read_inputs([path])
    assert all(isinstance(p, Paper) for p in result.papers)
    assert all(isinstance(p, ReadProblem) for p in result.problems)


_prefixes = st.sampled_from(
    [
        "",
        "{",
        "[",
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>",
        "arXiv:2401.00001\nCreated: 2024-01-01\n",
        "new\n\nSubscribe\n\n",
        "CLDec 20, 2022Code\n",
    ]
)


@_SETTINGS
@given(
    prefix=_prefixes,
    text=st.text(),
    fmt=st.sampled_from([None, "arxiv-listing", "hf-listing", "org-listing", "jsonl", "json", "atom"]),
)
def test_bad_input_any_text_in_any_format_never_raises(tmp_path, prefix, text, fmt):
    path = tmp_path / "any.txt"
    path.write_text(prefix + text, encoding="utf-8", errors="surrogatepass")
    result = read_inputs([path], fmt=fmt)
    assert all(isinstance(p, Paper) and (p.title or p.abstract) for p in result.papers)


def test_bad_input_folder_without_files(tmp_path):
    (tmp_path / ".only-hidden").write_text(GOOD_LINE, encoding="utf-8")
    assert read_inputs([tmp_path]).problems == (
        ReadProblem(str(tmp_path), 0, "folder holds no input files (hidden files are skipped)"),
    )
