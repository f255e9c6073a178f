"""The arXiv OAI-PMH reader: ListRecords in the arXiv, arXivRaw and oai_dc formats, deleted records, bad XML."""

from __future__ import annotations

import pytest

from kg.readers import iter_papers, read_inputs
from kg.types import Paper, ReadProblem, Skipped

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<responseDate>2024-06-01T10:00:00Z</responseDate>
<request verb="ListRecords" metadataPrefix="{prefix}">http://export.arxiv.org/oai2</request>
<ListRecords>
"""
TAIL = """<resumptionToken cursor="0" completeListSize="3">6960524|1001</resumptionToken>
</ListRecords>
</OAI-PMH>
"""
DELETED = """<record><header status="deleted"><identifier>oai:arXiv.org:0704.0002</identifier>
<datestamp>2008-11-13</datestamp></header></record>
"""
ARXIV = HEAD.format(prefix="arXiv") + """<record>
<header><identifier>oai:arXiv.org:0704.0001</identifier><datestamp>2008-11-13</datestamp><setSpec>physics:hep-ph</setSpec></header>
<metadata>
<arXiv xmlns="http://arxiv.org/OAI/arXiv/">
<id>0704.0001</id><created>2007-04-02</created><updated>2007-07-24</updated>
<authors><author><keyname>Bal\\'azs</keyname><forenames>C.</forenames><affiliation>Argonne</affiliation></author>
<author><keyname>Yuan</keyname><forenames>C. -P.</forenames><suffix>Jr</suffix></author></authors>
<title>Calculation of prompt diphoton production cross sections at Tevatron and
  LHC energies</title>
<categories>hep-ph cs.LG</categories><comments>37 pages, 15 figures</comments>
<journal-ref>Phys.Rev.D76:013009,2007</journal-ref><doi>10.1103/PhysRevD.76.013009</doi>
<license>http://arxiv.org/licenses/nonexclusive-distrib/1.0/</license>
<abstract>  A fully differential calculation
in perturbative QCD.
</abstract>
</arXiv>
</metadata>
</record>
""" + DELETED + TAIL
ARXIV_RAW = HEAD.format(prefix="arXivRaw") + """<record>
<header><identifier>oai:arXiv.org:cs/0112099</identifier><datestamp>2010-01-01</datestamp></header>
<metadata>
<arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/">
<id>cs/0112099</id><submitter>Ana Lima</submitter>
<version version="v1"><date>Fri, 21 Dec 2001 10:00:00 GMT</date><size>12kb</size></version>
<version version="v2"><date>Mon, 4 Feb 2002 09:30:00 GMT</date><size>13kb</size></version>
<title>Sch\\"atzung von Modellen</title>
<authors>J\\"org M\\"uller, Ana Lima and Bo Chen</authors>
<categories>cs.LG</categories>
<abstract>We estimate models.</abstract>
</arXivRaw>
</metadata>
</record>
""" + DELETED + TAIL
OAI_DC = HEAD.format(prefix="oai_dc") + """<record>
<header><identifier>oai:arXiv.org:2405.01234</identifier><datestamp>2024-05-03</datestamp></header>
<metadata>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>Dublin Core Paper</dc:title>
<dc:creator>Lima, Ana</dc:creator><dc:creator>M\\"uller, J\\"org</dc:creator>
<dc:subject>Computer Science - Machine Learning</dc:subject>
<dc:description>The abstract
  text.</dc:description>
<dc:description>Comment: 9 pages</dc:description>
<dc:date>2024-05-02</dc:date><dc:date>2024-06-10</dc:date>
<dc:type>text</dc:type>
<dc:identifier>http://arxiv.org/abs/2405.01234</dc:identifier>
<dc:identifier>doi:10.1000/xyz</dc:identifier>
<dc:identifier>J. Imaginary Res. 1 (2024) 1</dc:identifier>
</oai_dc:dc>
</metadata>
</record>
""" + TAIL


def _write(tmp_path, text, name="oai.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_oai_pmh_arxiv_format(tmp_path):
    items = list(iter_papers([_write(tmp_path, ARXIV)]))
    assert items[1] is Skipped.DELETED
    paper = items[0]
    assert (paper.id, paper.arxiv_id, paper.line) == ("0704.0001", "0704.0001", 6)
    assert paper.authors == ("C. Balázs", "C. -P. Yuan Jr") and paper.organizations == ("Argonne",)
    assert paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert paper.abstract == "A fully differential calculation in perturbative QCD."
    assert (paper.published, paper.updated, paper.date) == ("2007-04-02", "2007-07-24", "2007-04-02")
    assert paper.categories == ("hep-ph", "cs.LG")
    assert (paper.doi, paper.journal_ref, paper.comments) == (
        "10.1103/PhysRevD.76.013009", "Phys.Rev.D76:013009,2007", "37 pages, 15 figures")
    assert paper.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"


def test_oai_pmh_arxiv_raw_format(tmp_path):
    (paper,) = read_inputs([_write(tmp_path, ARXIV_RAW)]).papers
    assert (paper.arxiv_id, paper.title) == ("cs/0112099", "Schätzung von Modellen")
    assert paper.authors == ("Jörg Müller", "Ana Lima", "Bo Chen")
    assert (paper.published, paper.updated) == ("2001-12-21", "2002-02-04")


def test_oai_pmh_dublin_core_format(tmp_path):
    (paper,) = read_inputs([_write(tmp_path, OAI_DC)]).papers
    assert (paper.arxiv_id, paper.title, paper.abstract) == ("2405.01234", "Dublin Core Paper", "The abstract text.")
    assert paper.authors == ("Ana Lima", "Jörg Müller")
    assert (paper.published, paper.updated, paper.comments) == ("2024-05-02", "2024-06-10", "9 pages")
    assert (paper.doi, paper.journal_ref) == ("10.1000/xyz", "J. Imaginary Res. 1 (2024) 1")


def test_oai_pmh_deleted_records_are_counted_by_kg_build(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    path = _write(tmp_path, ARXIV)
    result = CliRunner().invoke(main, ["build", str(path), "--graph", str(tmp_path / "g.json.gz"), "--no-ner"])
    assert result.exit_code == 0, result.output
    assert "built 1 papers" in result.stderr and "1 deleted record(s) skipped" in result.stderr


def test_oai_pmh_broken_xml_keeps_earlier_records_and_names_the_line(tmp_path):
    cut = ARXIV_RAW.replace(DELETED + TAIL, "") + "<record><header><identifier>oai:arXiv.org:0704.0003</identifier>\n<oops></record>\n"
    path = _write(tmp_path, cut)
    result = read_inputs([path])
    assert [p.arxiv_id for p in result.papers] == ["cs/0112099"]
    (problem,) = result.problems
    assert problem.line == 21 and problem.message.startswith("invalid XML: mismatched tag")


def test_oai_pmh_error_response_and_unsupported_format(tmp_path):
    error = _write(tmp_path, HEAD.format(prefix="arXiv").replace("<ListRecords>\n", "")
                   + '<error code="badResumptionToken">The token is invalid</error>\n</OAI-PMH>\n', "err.xml")
    assert [(p.line, p.message) for p in read_inputs([error]).problems] == [
        (5, "OAI-PMH error badResumptionToken: The token is invalid")]
    other = _write(tmp_path, ARXIV.replace("http://arxiv.org/OAI/arXiv/", "http://example.org/mods/"), "mods.xml")
    (problem,) = read_inputs([other]).problems
    assert problem.line == 6 and problem.message.startswith("unsupported metadata format")


@pytest.mark.parametrize("name", ["xml_bomb.xml", "xml_external_entity.xml"])
def test_oai_pmh_reader_refuses_entities(fixtures_dir, name):
    result = read_inputs([fixtures_dir / "readers" / name], fmt="oai-pmh")
    assert result.papers == ()
    assert [p.message.startswith("refused unsafe XML") for p in result.problems] == [True]


def test_oai_pmh_memory_stays_flat_over_many_records(tmp_path):
    import tracemalloc

    record = ARXIV.split("<ListRecords>\n")[1].split(DELETED)[0]
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD.format(prefix="arXiv"))
        for i in range(1500):
            out.write(record.replace("0704.0001", f"0704.{i + 1:04d}"))
        out.write(TAIL)
    tracemalloc.start()
    try:
        count = sum(1 for item in iter_papers([path]) if isinstance(item, Paper))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 1500
    assert peak < 1024 * 1024  # the file is ~1.5 MB; only one record is held at a time
    assert not any(isinstance(i, ReadProblem) for i in iter_papers([path]))
