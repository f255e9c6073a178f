"""arXiv identifiers in free text: new style (2410.03617v2), old style (cs/0601001), prefixes, URLs.

Every match is validated (month 01-12, a plausible number) and normalised without the version,
following arXiv's own identifier scheme (https://info.arxiv.org/help/arxiv_identifier.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX = re.compile(r"(?:arXiv:\s*|https?://(?:www\.)?(?:export\.)?arxiv\.org/(?:abs|pdf)/)$", re.IGNORECASE)
_NEW_RE = re.compile(r"(?<![\w.])(?P<new>(?P<yy>\d\d)(?P<mm>\d\d)\.(?P<num>\d{4,5}))(?:v\d+)?(?![\d.]\d|\d)")
_OLD_RE = re.compile(
    r"(?:(?<![\w/])|(?<=abs/)|(?<=pdf/))(?P<old>(?P<arch>[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?)/(?P<oyy>\d\d)(?P<omm>\d\d)(?P<onum>\d{3}))(?:v\d+)?(?!\d)",
    re.IGNORECASE,
)
_SLASH_DIGITS = re.compile(r"/\d{7}")

#: Archive names allowed in old-style identifiers (subject classes are stripped).
OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas cond-mat cs "
    "dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin nucl-ex nucl-th patt-sol "
    "physics plasm-ph q-alg q-bio q-fin quant-ph solv-int stat supr-con".split()
)


@dataclass(frozen=True)
class ArxivMatch:
    """One arXiv identifier found in text: normalised id and the character span it came from."""

    arxiv_id: str
    start: int
    end: int


def _valid_new(yy: str, mm: str, num: str) -> bool:
    month = int(mm)
    if not 1 <= month <= 12:
        return False
    # Five-digit numbers exist from 2015 (1501) on; four-digit ones before.
    return len(num) == 4 or int(yy + mm) >= 1501


def _has_new_style_digits(text: str) -> bool:
    r"""Whether ``text`` holds four digits, a full stop and four digits (``\d{4}\.\d{4}``), as every
    new-style id does: a look at each full stop, quicker than the pattern's scan of every digit."""
    pos = text.find(".", 4)
    while pos >= 0:
        after = text[pos + 1 : pos + 5]
        if len(after) == 4 and after.isdecimal() and text[pos - 4 : pos].isdecimal():
            return True
        pos = text.find(".", pos + 1)
    return False


def find_arxiv_ids(text: str) -> list[ArxivMatch]:
    """All valid arXiv identifiers in ``text``, normalised without version, in order.

    >>> [m.arxiv_id for m in find_arxiv_ids("see arXiv:2410.03617v2 and hep-th/9901001; not 2413.00001")]
    ['2410.03617', 'hep-th/9901001']
    """
    out = []
    matches = list(_NEW_RE.finditer(text)) if _has_new_style_digits(text) else []
    if _SLASH_DIGITS.search(text):
        matches = sorted(matches + list(_OLD_RE.finditer(text)), key=lambda m: m.start())
    for m in matches:
        if m.re is _NEW_RE:
            if not _valid_new(m.group("yy"), m.group("mm"), m.group("num")):
                continue
            arxiv_id = m.group("new")
        else:
            arch = m.group("arch").lower()
            if arch.split(".")[0] not in OLD_ARCHIVES or not 1 <= int(m.group("omm")) <= 12:
                continue
            arxiv_id = f"{arch.split('.')[0]}/{m.group('oyy')}{m.group('omm')}{m.group('onum')}"
        prefix = _PREFIX.search(text, max(0, m.start() - 40), m.start())
        out.append(ArxivMatch(arxiv_id, prefix.start() if prefix else m.start(), m.end()))
    return out


def normalize_arxiv_id(value: str) -> str | None:
    """The normalised identifier if ``value`` is (or contains exactly) one arXiv id, else None.

    >>> normalize_arxiv_id("https://arxiv.org/abs/2301.09244v1")
    '2301.09244'
    """
    found = find_arxiv_ids(value.strip())
    return found[0].arxiv_id if len(found) == 1 else None
