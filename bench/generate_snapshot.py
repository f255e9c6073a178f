"""Write N arXiv-like records in a bulk source's format (the arXiv snapshot by default), deterministic by seed.

The records look like the real arXiv metadata snapshot: compact JSON, titles and
abstracts hard-wrapped, authors as one string plus ``authors_parsed`` (some with
LaTeX accents), 1-3 versions with RFC 2822 dates, DOIs and journal refs on some,
about a tenth old-style IDs, and a category mix where ``--cs-fraction`` of the
records (28% by default, about the share of cs.* and stat.ML in the real
snapshot) are cs.* or stat.ML. Titles and abstracts come from
``generate_corpus.py`` (realistic ML text, so extraction costs what it would).
The same records can be written as an OAI-PMH response (``arXiv`` format),
OpenAlex works or Semantic Scholar papers, to time each reader on equal content.

Usage:
    .venv/bin/python bench/generate_snapshot.py -n 1000000 --text-pool 20000 -o /tmp/kg-bench/snapshot-1M.json
    .venv/bin/python bench/generate_snapshot.py -n 100000 --format openalex -o /tmp/kg-bench/openalex-100k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate_corpus  # noqa: E402

FORMATS = ("arxiv-snapshot", "oai-pmh", "openalex", "semantic-scholar")
_CS = ("cs.LG", "cs.CL", "cs.CV", "cs.AI", "cs.IR", "cs.RO", "cs.CR", "cs.DS", "cs.NE", "cs.SE")
_OTHER = ("math.CO", "math.AP", "math.PR", "math.AG", "hep-ph", "hep-th", "astro-ph.GA", "astro-ph.CO",
          "cond-mat.str-el", "cond-mat.mes-hall", "quant-ph", "gr-qc", "physics.optics", "q-bio.NC",
          "stat.ME", "econ.EM", "eess.SP", "nucl-th")
_OLD_ARCHIVES = ("hep-th", "hep-ph", "math", "cs", "astro-ph", "cond-mat", "quant-ph", "gr-qc")
_ACCENTED = (("M\\\"uller", "Müller"), ("Bal\\'azs", "Balázs"), ("G\\\"odel", "Gödel"), ("\\c{C}elik", "Çelik"),
             ("Nu\\~nez", "Nuñez"), ("Dvo\\v{r}\\'ak", "Dvořák"))
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LICENSES = (None, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/", "http://creativecommons.org/licenses/by/4.0/")


class SnapshotGenerator:
    """Deterministic snapshot records: one ``random.Random(seed)`` drives every choice."""

    def __init__(self, seed: int, cs_fraction: float, text_pool: int = 0) -> None:
        self.rng = random.Random(seed)
        self.text_pool = text_pool
        self.texts: list[dict] = []
        self.text = generate_corpus.CorpusGenerator(
            seed, generate_corpus.load_lexicon_names(generate_corpus.LEXICONS), generate_corpus.load_shapes()
        )
        self.cs_fraction = cs_fraction
        self.issued: dict[str, int] = {}

    def records(self, count: int) -> Iterator[dict]:
        """``count`` snapshot records, in the snapshot's key order."""
        for index in range(count):
            yield self.record(index)

    def record(self, index: int) -> dict:
        """Record number ``index``."""
        rng = self.rng
        if self.text_pool and index >= self.text_pool:
            text = self.texts[index % self.text_pool]  # titles and abstracts repeat; everything else does not
        else:
            text = self.text.paper(index)
            if self.text_pool:
                self.texts.append(text)
        old_style = rng.random() < 0.1
        year = rng.randint(1992, 2006) if old_style else rng.randint(2008, 2025)
        month = rng.randint(1, 12)
        yymm = f"{year % 100:02d}{month:02d}"
        prefix = f"{rng.choice(_OLD_ARCHIVES)}/{yymm}" if old_style else f"{yymm}."
        number = self.issued[prefix] = self.issued.get(prefix, 0) + 1  # IDs are unique, as arXiv's are
        digits = 3 if old_style else 5 if year >= 2015 else 4
        arxiv_id = f"{prefix}{number % 10**digits:0{digits}d}"
        categories = self.categories()
        people = [self.person() for _ in range(rng.randint(1, 8))]
        versions = [self.version(v, year, month) for v in range(1, rng.choice((2, 2, 2, 3, 4)))]
        return {
            "id": arxiv_id,
            "submitter": people[0][1] + " " + people[0][0],
            "authors": _author_string([f"{first} {last}" for last, first in people]),
            "title": _wrap(text["title"], 72, "\n  "),
            "comments": f"{rng.randint(4, 40)} pages, {rng.randint(1, 12)} figures" if rng.random() < 0.7 else None,
            "journal-ref": f"Phys. Rev. D {rng.randint(50, 110)}, {rng.randint(1, 9999)} ({year})" if rng.random() < 0.2 else None,
            "doi": f"10.{rng.randint(1000, 9999)}/j.{index}" if rng.random() < 0.2 else None,
            "report-no": None,
            "categories": " ".join(categories),
            "license": rng.choice(_LICENSES),
            "abstract": "  " + _wrap(text["abstract"], 78, "\n") + "\n",
            "versions": versions,
            "update_date": f"{min(year + 1, 2025)}-{month:02d}-{rng.randint(1, 28):02d}",
            "authors_parsed": [[last, first, ""] for last, first in people],
        }

    def categories(self) -> list[str]:
        rng = self.rng
        if rng.random() < self.cs_fraction:
            primary = "stat.ML" if rng.random() < 0.1 else rng.choice(_CS)
            cross = rng.sample(_CS + ("stat.ML", "math.OC"), rng.randint(0, 2))
        else:
            primary, cross = rng.choice(_OTHER), rng.sample(_OTHER, rng.randint(0, 2))
        return list(dict.fromkeys([primary, *cross]))

    def person(self) -> tuple[str, str]:
        """``(last, first)``; one in twenty has a LaTeX-accented family name, as arXiv writes them."""
        rng = self.rng
        last = rng.choice(_ACCENTED)[0] if rng.random() < 0.05 else rng.choice(generate_corpus._LAST)
        return last, rng.choice(generate_corpus._FIRST)

    def version(self, number: int, year: int, month: int) -> dict:
        rng = self.rng
        day = rng.randint(1, 28) if number == 1 else 28
        month = month if number == 1 else min(12, month + number - 1)
        weekday = _DAYS[(day + month + year) % 7]
        created = f"{weekday}, {day} {_MONTHS[month - 1]} {year} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:07 GMT"
        return {"version": f"v{number}", "created": created}


def _wrap(text: str, width: int, newline: str) -> str:
    """Hard-wrap ``text`` at spaces into lines of at most ``width`` characters (faster than textwrap)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return newline.join(lines)


def _author_string(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _plain(latex: str) -> str:
    for source, target in _ACCENTED:
        latex = latex.replace(source, target)
    return latex


def as_oai_record(record: dict) -> str:
    """The record as an OAI-PMH ``<record>`` in the ``arXiv`` metadata format."""
    authors = "".join(
        f"<author><keyname>{escape(last)}</keyname><forenames>{escape(first)}</forenames></author>"
        for last, first, _ in record["authors_parsed"]
    )
    optional = "".join(
        f"<{key}>{escape(record[key])}</{key}>" for key in ("comments", "journal-ref", "doi", "license") if record[key]
    )
    created = record["versions"][0]["created"]
    day, month, year = created.split()[1:4]
    return (
        f'<record><header><identifier>oai:arXiv.org:{record["id"]}</identifier><datestamp>{record["update_date"]}'
        f'</datestamp></header><metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>{record["id"]}</id>'
        f"<created>{year}-{_MONTHS.index(month) + 1:02d}-{int(day):02d}</created><authors>{authors}</authors>"
        f'<title>{escape(record["title"])}</title><categories>{record["categories"]}</categories>{optional}'
        f'<abstract>{escape(record["abstract"])}</abstract></arXiv></metadata></record>\n'
    )


def as_openalex_work(record: dict, index: int) -> dict:
    """The record as an OpenAlex work (arXiv DOI, inverted-index abstract, authorships)."""
    inverted: dict[str, list[int]] = {}
    for position, word in enumerate(record["abstract"].split()):
        inverted.setdefault(word, []).append(position)
    date = record["versions"][0]["created"].split()
    return {
        "id": f"https://openalex.org/W{4000000000 + index}",
        "doi": f"https://doi.org/10.48550/arxiv.{record['id']}",
        "title": " ".join(_plain(record["title"]).split()),
        "publication_year": int(date[3]),
        "publication_date": f"{date[3]}-{_MONTHS.index(date[2]) + 1:02d}-{int(date[1]):02d}",
        "authorships": [{"author": {"display_name": f"{first} {_plain(last)}"}, "institutions": []}
                        for last, first, _ in record["authors_parsed"]],
        "primary_location": {"landing_page_url": f"https://arxiv.org/abs/{record['id']}"},
        "abstract_inverted_index": inverted,
    }


def as_semantic_scholar_paper(record: dict, index: int) -> dict:
    """The record as a Semantic Scholar Graph API paper."""
    date = record["versions"][0]["created"].split()
    return {
        "paperId": f"{index:040x}",
        "externalIds": {"ArXiv": record["id"], "DOI": record["doi"]},
        "title": " ".join(_plain(record["title"]).split()),
        "abstract": " ".join(record["abstract"].split()),
        "authors": [{"authorId": str(i), "name": f"{first} {_plain(last)}"}
                    for i, (last, first, _) in enumerate(record["authors_parsed"])],
        "publicationDate": f"{date[3]}-{_MONTHS.index(date[2]) + 1:02d}-{int(date[1]):02d}",
        "year": int(date[3]),
        "venue": "arXiv.org",
    }


def write_records(
    out, count: int, seed: int, fmt: str = "arxiv-snapshot", cs_fraction: float = 0.28, text_pool: int = 0
) -> None:
    """Write ``count`` records in ``fmt`` to the text stream ``out`` (``text_pool`` > 0: reuse that many texts)."""
    generator = SnapshotGenerator(seed, cs_fraction, text_pool)
    if fmt == "oai-pmh":
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">\n'
                  "<responseDate>2025-01-01T00:00:00Z</responseDate>\n<ListRecords>\n")
    for index, record in enumerate(generator.records(count)):
        if fmt == "arxiv-snapshot":
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
        elif fmt == "oai-pmh":
            out.write(as_oai_record(record))
        elif fmt == "openalex":
            out.write(json.dumps(as_openalex_work(record, index), ensure_ascii=False) + "\n")
        else:
            out.write(json.dumps(as_semantic_scholar_paper(record, index), ensure_ascii=False) + "\n")
    if fmt == "oai-pmh":
        out.write("</ListRecords>\n</OAI-PMH>\n")


def main(argv: list[str] | None = None) -> None:
    """Command line: ``generate_snapshot.py -n N [--seed S] [--format F] [--cs-fraction X] [-o FILE]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--count", type=int, default=1000, help="number of records (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--format", choices=FORMATS, default="arxiv-snapshot", help="output format (default arxiv-snapshot)")
    parser.add_argument("--cs-fraction", type=float, default=0.28, help="share of cs.*/stat.ML records (default 0.28)")
    parser.add_argument("--text-pool", type=int, default=0,
                        help="make only this many titles/abstracts and reuse them (fast; for reading benchmarks, where "
                             "the text's content does not matter); default 0: every one new")
    parser.add_argument("-o", "--out", type=Path, help="output file (default: stdout)")
    args = parser.parse_args(argv)
    if args.out is None:
        write_records(sys.stdout, args.count, args.seed, args.format, args.cs_fraction, args.text_pool)
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        write_records(out, args.count, args.seed, args.format, args.cs_fraction, args.text_pool)
    tmp.replace(args.out)
    print(f"wrote {args.count} {args.format} records to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
