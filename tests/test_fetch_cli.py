"""``kg fetch api`` / ``kg fetch oai`` end to end against a scripted server on 127.0.0.1.

What a user relies on: the pages land as files `kg build` reads, each record
once even across interruptions, paging and resumption tokens are followed, and
every failure is one line that leaves a resumable folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

import kg.atomic
import kg.fetch.harvester
from kg.cli import main
from kg.fetch.state import LOCK_NAME, STATE_NAME
from kg.readers import iter_papers
from kg.types import Paper

from fetch_server import RECORDS, Reply, ScriptedServer, atom_error, atom_feed, oai_error, oai_records

QUERY = "cat:cs.CL"
DATES = ("--from", "2024-10-01", "--until", "2024-10-31")


def _fetch(*args):
    return CliRunner().invoke(main, ["fetch", *[str(a) for a in args]])


def _api(server, out, *extra):
    return _fetch("api", QUERY, *DATES, "--page-size", 2, "-o", out, "--base-url", server.url, "--delay", 0, *extra)


def _oai(server, out, *extra):
    return _fetch("oai", "--set", "cs", "--from", "2024-10-01", "-o", out, "--base-url", server.url, "--delay", 0, *extra)


def _api_pages(*sizes, total=None):
    """Replies for consecutive API pages holding ``sizes`` records of RECORDS."""
    total = sum(sizes) if total is None else total
    replies, start = [], 0
    for size in sizes:
        replies.append(Reply(atom_feed(RECORDS[start:start + size], start, total)))
        start += size
    return replies


def _oai_pages():
    """Three ListRecords pages (2 + 2 + 1 records) chained by resumption tokens."""
    return [
        Reply(oai_records(RECORDS[0:2], "6961379|1001", 0, 5)),
        Reply(oai_records(RECORDS[2:4], "6961379|2001", 2, 5)),
        Reply(oai_records(RECORDS[4:5], "", 4, 5)),
    ]


def _atom_ids(out):
    """arXiv IDs of every paper in the folder, as `kg build` reads them (duplicates kept)."""
    items = list(iter_papers([out]))
    assert all(isinstance(i, Paper) for i in items), items
    return [p.arxiv_id for p in items]


def _oai_ids(out):
    ids = []
    for path in sorted(out.glob("oai-*.xml")):
        root = ET.parse(path).getroot()
        ids += [e.text.removeprefix("oai:arXiv.org:") for e in root.iter("{http://www.openarchives.org/OAI/2.0/}identifier")]
    return ids


def _state(out):
    return json.loads((out / STATE_NAME).read_text(encoding="utf-8"))


def _names(out):
    """Every file in the folder, hidden ones included, except the lock file a run leaves (empty of data)."""
    return sorted(p.name for p in out.iterdir() if p.name != LOCK_NAME)


ALL_IDS = [r.arxiv_id for r in RECORDS]


def test_fetch_api_pages_land_as_files_kg_build_reads(tmp_path):
    out = tmp_path / "harvest"
    replies = _api_pages(2, 2, 1)
    with ScriptedServer(replies) as server:
        result = _api(server, out)
    assert result.exit_code == 0, result.output
    assert [(r.params["start"], r.params["max_results"]) for r in server.requests] == [("0", "2"), ("2", "2"), ("4", "2")]
    assert server.requests[0].params["search_query"] == "(cat:cs.CL) AND submittedDate:[202410010000 TO 202410312359]"
    assert server.requests[0].params["sortBy"] == "submittedDate" and server.requests[0].params["sortOrder"] == "ascending"
    assert _names(out) == [STATE_NAME, "arxiv-api-000001.xml", "arxiv-api-000002.xml", "arxiv-api-000003.xml"]
    assert [(out / f"arxiv-api-00000{n}.xml").read_bytes() for n in (1, 2, 3)] == [r.body for r in replies]  # exactly as served
    assert "page 3: 1 record -> " in result.stderr and "harvest complete" in result.stderr
    assert f"next: kg build {out}" in result.stderr
    state = _state(out)
    assert (state["pages"], state["records"], state["complete"]) == (3, 5, True)

    graph = tmp_path / "g.json.gz"
    built = CliRunner().invoke(main, ["build", str(out), "--graph", str(graph), "--no-ner", "-q"])
    assert built.exit_code == 0, built.output
    papers = json.loads(CliRunner().invoke(main, ["papers", "--graph", str(graph), "--json"]).stdout)
    assert sorted(p["arxiv_id"] for p in papers) == ALL_IDS


def test_fetch_api_complete_harvest_is_not_fetched_again(tmp_path):
    out = tmp_path / "h"
    with ScriptedServer(_api_pages(2, 2, 1)) as server:
        assert _api(server, out).exit_code == 0
        again = _api(server, out)
    assert again.exit_code == 0, again.output
    assert len(server.requests) == 3  # nothing asked the second time
    assert "fetched 0 pages" in again.stderr and "harvest complete" in again.stderr


def test_fetch_api_stops_at_max_and_continues_when_raised(tmp_path):
    out = tmp_path / "h"
    with ScriptedServer([*_api_pages(2, 1, total=5), Reply(atom_feed(RECORDS[3:5], 3, 5))]) as server:
        first = _api(server, out, "--max", 3)
        assert first.exit_code == 0, first.output
        assert "stopped at --max 3" in first.stderr
        same = _api(server, out, "--max", 3)
        assert "fetched 0 pages" in same.stderr
        more = _api(server, out, "--max", 10)
        assert more.exit_code == 0, more.output
    assert [(r.params["start"], r.params["max_results"]) for r in server.requests] == [("0", "2"), ("2", "1"), ("3", "2")]
    assert _atom_ids(out) == ALL_IDS and _state(out)["complete"] is True


@pytest.mark.parametrize("second", [0, 1], ids=["empty", "short"])
def test_fetch_api_empty_or_short_page_ends_the_harvest(tmp_path, second):
    out = tmp_path / "h"
    # totalResults promises 9, but a page with fewer records than asked is the last one
    with ScriptedServer([*_api_pages(2, total=9), Reply(atom_feed(RECORDS[2:2 + second], 2, 9))]) as server:
        result = _api(server, out)
    assert result.exit_code == 0, result.output
    assert len(server.requests) == 2
    expected = ["arxiv-api-000001.xml", "arxiv-api-000002.xml"][: 1 + second]  # no file for an empty page
    assert _names(out) == [STATE_NAME, *expected]
    assert _state(out)["complete"] is True and _state(out)["records"] == 2 + second


def test_fetch_api_error_answer_is_one_line(tmp_path):
    out = tmp_path / "h"
    with ScriptedServer([Reply(atom_error("malformed query: unbalanced parenthesis"), 400)]) as server:
        result = _api(server, out)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "HTTP 400" in line and "malformed query: unbalanced parenthesis" in line
    assert "run the same command" not in line  # the same query would be refused again


def test_fetch_api_503_with_retry_after_then_continues(tmp_path):
    out = tmp_path / "h"
    replies = [Reply(b"busy", 503, (("Retry-After", "0"),)), *_api_pages(2, 2, 1)]
    with ScriptedServer(replies) as server:
        result = _api(server, out)
    assert result.exit_code == 0, result.output
    assert "HTTP 503 Service Unavailable, Retry-After 0 s: waiting 0 s before retry 1/3" in result.stderr
    assert _atom_ids(out) == ALL_IDS


def test_fetch_server_failure_midway_then_resume_gives_each_record_once(tmp_path):
    out = tmp_path / "h"
    pages = _api_pages(2, 2, 1)
    with ScriptedServer([pages[0], Reply(b"oops", 500), *pages[1:]]) as server:
        broken = _api(server, out, "--retries", 0)
        assert broken.exit_code == 1
        (line,) = broken.stderr.strip().splitlines()[-1:]
        assert "page 2: HTTP 500" in line and "1 page, 2 records kept" in line and "run the same command to resume" in line
        assert _names(out) == [STATE_NAME, "arxiv-api-000001.xml"] and _state(out)["pages"] == 1
        resumed = _api(server, out, "--retries", 0)
    assert resumed.exit_code == 0, resumed.output
    assert [r.params["start"] for r in server.requests] == ["0", "2", "2", "4"]
    assert "resumed" in resumed.stderr
    assert _atom_ids(out) == ALL_IDS


def test_fetch_killed_between_file_and_state_refetches_that_page_under_the_same_name(tmp_path, monkeypatch):
    out = tmp_path / "h"
    real_save, calls = kg.fetch.harvester.save_state, []

    def save_then_die_on_page_2(outdir, state):
        calls.append(state.pages)
        if state.pages == 2 and calls.count(2) == 1:
            raise KeyboardInterrupt  # killed after page 2's file was renamed into place
        real_save(outdir, state)

    monkeypatch.setattr(kg.fetch.harvester, "save_state", save_then_die_on_page_2)
    pages = _api_pages(2, 2, 1)
    with ScriptedServer([pages[0], pages[1], pages[1], pages[2]]) as server:
        killed = _api(server, out)
        assert killed.exit_code == 130 and "run the same command to resume" in killed.stderr
        assert (out / "arxiv-api-000002.xml").exists() and _state(out)["pages"] == 1
        resumed = _api(server, out)
    assert resumed.exit_code == 0, resumed.output
    assert [r.params["start"] for r in server.requests] == ["0", "2", "2", "4"]
    assert _names(out) == [STATE_NAME, "arxiv-api-000001.xml", "arxiv-api-000002.xml", "arxiv-api-000003.xml"]
    assert _atom_ids(out) == ALL_IDS


def test_fetch_killed_while_writing_leaves_no_partial_page(tmp_path, monkeypatch):
    out = tmp_path / "h"
    real_open = kg.atomic.atomic_open

    @contextlib.contextmanager
    def dies_halfway(path, mode="wb", encoding=None):
        with real_open(path, mode, encoding) as handle:
            if path.name != "arxiv-api-000002.xml":
                yield handle
                return

            class Half:
                def write(self, data):
                    handle.write(data[: len(data) // 2])
                    handle.flush()
                    raise KeyboardInterrupt

            yield Half()

    monkeypatch.setattr(kg.fetch.harvester, "atomic_open", dies_halfway)
    pages = _api_pages(2, 2, 1)
    with ScriptedServer([pages[0], pages[1], pages[1], pages[2]]) as server:
        killed = _api(server, out)
        assert killed.exit_code == 130
        assert _names(out) == [STATE_NAME, "arxiv-api-000001.xml"]  # neither a half page nor its temp file
        # A SIGKILL would not clean up: plant the temp file it would leave; kg build skips it, resuming deletes it.
        (out / ".arxiv-api-000002.xml.k1ll3d.tmp").write_bytes(pages[1].body[:100])
        assert _atom_ids(out) == ALL_IDS[:2]
        monkeypatch.setattr(kg.fetch.harvester, "atomic_open", real_open)
        resumed = _api(server, out)
    assert resumed.exit_code == 0, resumed.output
    assert _names(out) == [STATE_NAME, "arxiv-api-000001.xml", "arxiv-api-000002.xml", "arxiv-api-000003.xml"]
    assert _atom_ids(out) == ALL_IDS


def test_fetch_malformed_page_is_not_kept(tmp_path):
    out = tmp_path / "h"
    pages = _api_pages(2, 2, 1)
    with ScriptedServer([pages[0], Reply(pages[1].body[:300])]) as server:
        result = _api(server, out)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert "page 2" in line and "malformed XML" in line
    assert _names(out) == [STATE_NAME, "arxiv-api-000001.xml"] and _state(out)["pages"] == 1


def test_fetch_other_query_in_the_same_folder_needs_restart(tmp_path):
    out = tmp_path / "h"
    with ScriptedServer([*_api_pages(2, 2, 1), *_api_pages(2, 1)]) as server:
        assert _api(server, out).exit_code == 0
        other = _fetch("api", "cat:cs.LG", *DATES, "-o", out, "--base-url", server.url, "--delay", 0, "--page-size", 2)
        assert other.exit_code == 1
        (line,) = other.stderr.strip().splitlines()
        assert "holds another harvest" in line and "cat:cs.CL" in line and "--restart" in line
        assert "resume" not in line
        assert len(server.requests) == 3 and _atom_ids(out) == ALL_IDS  # untouched
        (out / "notes.txt").write_text("mine", encoding="utf-8")
        restarted = _fetch("api", "cat:cs.LG", *DATES, "-o", out, "--base-url", server.url, "--delay", 0,
                           "--page-size", 2, "--restart")
    assert restarted.exit_code == 0, restarted.output
    assert _names(out) == [STATE_NAME, "arxiv-api-000001.xml", "arxiv-api-000002.xml", "notes.txt"]
    assert server.requests[-1].params["search_query"].startswith("(cat:cs.LG)")


def test_fetch_page_files_without_state_are_not_overwritten(tmp_path):
    out = tmp_path / "h"
    out.mkdir()
    (out / "arxiv-api-000001.xml").write_bytes(b"earlier")
    with ScriptedServer([]) as server:
        result = _api(server, out)
    assert result.exit_code == 1 and "no .kg-fetch-state.json" in result.stderr
    assert server.requests == [] and (out / "arxiv-api-000001.xml").read_bytes() == b"earlier"


def test_fetch_second_run_into_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "h"
    out.mkdir()
    with open(out / LOCK_NAME, "w") as held, ScriptedServer([]) as server:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running kg fetch holds it
        result = _api(server, out)
    assert result.exit_code == 1 and "another kg fetch is harvesting into" in result.stderr
    assert server.requests == []


def test_fetch_oai_follows_resumption_tokens(tmp_path):
    out = tmp_path / "oai"
    with ScriptedServer(_oai_pages(), path="/oai") as server:
        result = _oai(server, out)
    assert result.exit_code == 0, result.output
    assert [r.params for r in server.requests] == [
        {"verb": "ListRecords", "metadataPrefix": "arXiv", "set": "cs", "from": "2024-10-01"},
        {"verb": "ListRecords", "resumptionToken": "6961379|1001"},
        {"verb": "ListRecords", "resumptionToken": "6961379|2001"},
    ]
    assert _names(out) == [STATE_NAME, "oai-000001.xml", "oai-000002.xml", "oai-000003.xml"]
    assert _oai_ids(out) == ALL_IDS
    assert "[5 of 5 so far]" in result.stderr
    assert (_state(out)["records"], _state(out)["complete"]) == (5, True)


def test_fetch_oai_no_records_match_is_an_empty_harvest(tmp_path):
    out = tmp_path / "oai"
    empty = oai_error("noRecordsMatch", "The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.")
    with ScriptedServer([Reply(empty)], path="/oai") as server:
        result = _oai(server, out)
    assert result.exit_code == 0, result.output
    assert "no records matched, nothing to build" in result.stderr
    assert _names(out) == [STATE_NAME] and _state(out)["complete"] is True


def test_fetch_oai_bad_resumption_token_keeps_the_pages_done(tmp_path):
    out = tmp_path / "oai"
    pages = _oai_pages()
    bad = oai_error("badResumptionToken", "The value of the resumptionToken argument is invalid or expired.")
    with ScriptedServer([pages[0], Reply(bad)], path="/oai") as server:
        result = _oai(server, out)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()[-1:]
    assert "OAI-PMH error badResumptionToken" in line and "--restart" in line
    assert "1 page, 2 records kept" in line and "run the same command" not in line  # asking again would not help
    assert _names(out) == [STATE_NAME, "oai-000001.xml"]
    assert (_state(out)["pages"], _state(out)["cursor"]) == (1, "6961379|1001")


def test_fetch_oai_interrupted_then_resumed_with_the_saved_token(tmp_path):
    out = tmp_path / "oai"
    pages = _oai_pages()
    with ScriptedServer([pages[0], Reply(b"", 503), *pages[1:]], path="/oai") as server:
        assert _oai(server, out, "--retries", 0).exit_code == 1
        resumed = _oai(server, out, "--retries", 0, "-q")
    assert resumed.exit_code == 0 and resumed.stderr == ""  # -q: no progress, no summary
    assert server.requests[2].params == {"verb": "ListRecords", "resumptionToken": "6961379|1001"}
    assert _oai_ids(out) == ALL_IDS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["api", QUERY, "-o", "x", "--delay", "1"], "below the 3 s"),
        (["api", QUERY, "-o", "x", "--base-url", "file:///etc/passwd"], "http or https"),
        (["api", QUERY, "-o", "x", "--from", "2024-02-30"], "does not exist"),
        (["api", QUERY, "-o", "x", "--until", "last week"], "not YYYY-MM-DD"),
        (["oai", "-o", "x", "--from", "1 Oct"], "not an OAI-PMH datestamp"),
    ],
)
def test_fetch_bad_options_are_refused_before_any_request(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = _fetch(*args)  # the default base URL is arXiv's: these must fail before sending anything
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "x").exists()


def test_fetch_subcommands_have_help_with_an_example():
    for name in ("api", "oai"):
        result = _fetch(name, "--help")
        assert result.exit_code == 0 and "Example: kg fetch " + name in result.stdout


def test_fetch_process_killed_mid_harvest_resumes_without_duplicates(tmp_path):
    """A real SIGKILL while page 2 is on its way; the next run picks up at page 2."""
    out = tmp_path / "h"
    pages = _api_pages(2, 2, 1)
    with ScriptedServer([pages[0], Reply(pages[1].body, pause=3.0), pages[1], pages[2]]) as server:
        command = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())", "fetch", "api", QUERY, *DATES, "--page-size", "2",
                   "-o", str(out), "--base-url", server.url, "--delay", "0"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while len(server.requests) < 2 and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.05)
            assert len(server.requests) == 2, "the harvest never asked for page 2"
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        assert _names(out) == [STATE_NAME, "arxiv-api-000001.xml"]
        resumed = _api(server, out)
    assert resumed.exit_code == 0, resumed.output
    assert [r.params["start"] for r in server.requests] == ["0", "2", "2", "4"]
    assert _atom_ids(out) == ALL_IDS
