"""A paper's best date, and the date forms sources write (RFC 2822, ISO, arXiv IDs, years).

:func:`best_date` is the one rule that gives every :class:`kg.types.Paper` its
``date``, ``date_precision`` and ``date_source`` (``Paper.__init__`` calls it),
so a record made by any reader, merged from copies or read back from ``kg extract``
output carries the same derived date. It depends on nothing else in ``kg`` on purpose.

Example:
    >>> best_date(None, "2405.01234", None)
    DateInfo(date='2024-05', precision='month', source='arxiv_id')
    >>> best_date("2007-04-02", "0704.0001", None)
    DateInfo(date='2007-04-02', precision='day', source='published')
"""

from __future__ import annotations

import functools
from datetime import date
from typing import NamedTuple

#: ``date_precision`` values, finest first.
PRECISIONS = ("day", "month", "year")
#: ``date_source`` values: the :class:`~kg.types.Paper` field the date was taken from.
SOURCES = ("published", "arxiv_id", "date_text")

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


class DateInfo(NamedTuple):
    """A paper's best date: ``YYYY-MM-DD``/``YYYY-MM``/``YYYY``, how precise, and which field gave it."""

    date: str | None
    precision: str | None
    source: str | None


NO_DATE = DateInfo(None, None, None)


def best_date(published: str | None, arxiv_id: str | None, date_text: str | None) -> DateInfo:
    """The best date a paper's fields give: ``published``, else its arXiv ID's month, else a year in ``date_text``.

    ``published`` is what the source said (``YYYY-MM-DD``); an arXiv ID encodes the
    month it was submitted (``2405.01234`` and ``cs/0112099`` give ``2024-05`` and
    ``2001-12``); ``date_text`` is a date without a full ISO form ("Dec 20, 2022",
    "2017"), used only when it holds a year.

    >>> best_date(None, None, "Apr 24")
    DateInfo(date=None, precision=None, source=None)
    >>> best_date(None, None, "2017")
    DateInfo(date='2017', precision='year', source='date_text')
    """
    if published:
        return DateInfo(published, "day", "published")
    if arxiv_id:
        month = arxiv_id_month(arxiv_id)
        if month:
            return DateInfo(month, "month", "arxiv_id")
    if date_text:
        parsed = parse_loose_date(date_text)
        if parsed.date:
            return DateInfo(parsed.date, parsed.precision, "date_text")
    return NO_DATE


def arxiv_id_month(arxiv_id: str) -> str | None:
    """``YYYY-MM`` of a (normalised) arXiv ID, new style ``YYMM.NNNNN`` or old style ``archive/YYMMNNN``.

    Old-style IDs run from 1991 to 2007, new-style from 2007 on.

    >>> arxiv_id_month("2405.01234"), arxiv_id_month("hep-th/9108001"), arxiv_id_month("bad")
    ('2024-05', '1991-08', None)
    """
    _, slash, number = arxiv_id.rpartition("/")
    yymm = number[:4]
    if len(yymm) != 4 or not yymm.isdigit() or not (1 <= int(yymm[2:]) <= 12):
        return None
    century = "19" if slash and yymm[:2] >= "91" else "20"
    return f"{century}{yymm[:2]}-{yymm[2:]}"


def parse_loose_date(text: str) -> DateInfo:
    """A date in ``text`` with a year: ISO (``2017``, ``2017-06``, ``2017-06-12``) or ``Mon D, YYYY`` / ``Month YYYY``.

    The source is left empty (the caller knows it). Text without a year gives no date.

    >>> parse_loose_date("Dec 20, 2022").date, parse_loose_date("June 2017").date, parse_loose_date("Mar 11").date
    ('2022-12-20', '2017-06', None)
    """
    text = text.strip()
    if len(text) == 4 and text.isdigit():
        return DateInfo(text, "year", None)
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit() and 1 <= int(text[5:]) <= 12:
        return DateInfo(text, "month", None)
    day = iso_day(text)
    if day:
        return DateInfo(day, "day", None)
    words = text.replace(",", " ").split()
    if len(words) in (2, 3) and words[-1].isdigit() and len(words[-1]) == 4:
        month = _MONTHS.get(words[0][:3].lower())
        if month and len(words) == 2:
            return DateInfo(f"{words[-1]}-{month:02d}", "month", None)
        if month and words[1].isdigit():
            try:
                return DateInfo(date(int(words[2]), month, int(words[1])).isoformat(), "day", None)
            except ValueError:
                return NO_DATE
    return NO_DATE


def iso_day(text: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or timestamp (``2024-10-04T17:03:16Z``), or None if it is not a valid one."""
    if not text or not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None


def rfc2822_day(text: str | None) -> str | None:
    """``YYYY-MM-DD`` of an RFC 2822 timestamp as arXiv writes them, or None.

    Split on spaces instead of :mod:`email.utils` because the snapshot has millions. The
    usual shape, ``"Mon, 2 Apr 2007 19:18:42 GMT"``, is looked up by its date part in a
    cache (the time of day cannot change the answer, and days repeat across papers).

    >>> rfc2822_day("Mon, 2 Apr 2007 19:18:42 GMT"), rfc2822_day("2 Apr 2007"), rfc2822_day("31 Feb 2007")
    ('2007-04-02', '2007-04-02', None)
    """
    if (text.__class__ is str and text.endswith(" GMT") and len(text) > 13
            and text[-13] == " " and text[-10] == ":" and text[-7] == ":"):
        return _date_part_day(text[:-13])
    return rfc2822_day_uncached(text)


@functools.lru_cache(maxsize=1 << 15)
def _date_part_day(date_part: str) -> str | None:
    """:func:`rfc2822_day_uncached` of a timestamp's date part, cached: a few thousand days cover the snapshot."""
    return rfc2822_day_uncached(date_part)


def rfc2822_day_uncached(text: str | None) -> str | None:
    """:func:`rfc2822_day` of any text by splitting it on spaces (the general path, and the fast path's reference)."""
    if not text or not isinstance(text, str):
        return None
    parts = text.split(" ", 4)
    if parts[0].endswith(","):
        del parts[0]
    if len(parts) < 3:
        return None
    day, month, year = parts[0], _MONTHS.get(parts[1][:3].lower()), parts[2]
    if month is None or not _ascii_digits(day) or len(year) != 4 or not _ascii_digits(year):
        return None
    iso = f"{year}-{month:02d}-{int(day):02d}"
    if int(day) > 28:  # only then can the day not exist in that month
        try:
            date.fromisoformat(iso)
        except ValueError:
            return None
    return iso


def _ascii_digits(text: str) -> bool:
    """Whether ``text`` is all ``0-9`` (``str.isdigit`` also takes "²", which ``int`` refuses)."""
    return text.isascii() and text.isdigit()


def period_bounds(value: str) -> tuple[str, str]:
    """The first and last day (``YYYY-MM-DD``) a day, month or year date covers.

    >>> period_bounds("2024-02"), period_bounds("2024"), period_bounds("2024-02-03")
    (('2024-02-01', '2024-02-31'), ('2024-01-01', '2024-12-31'), ('2024-02-03', '2024-02-03'))

    The last day of a month is written as day 31: these strings only ever compare
    with real ``YYYY-MM-DD`` dates, for which that is exact.
    """
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01", f"{value}-31"
    return value, value
