"""Property-based tests of the arXiv ID parser and the name normaliser."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractors.arxiv_ids import find_arxiv_ids, normalize_arxiv_id
from kg.normalize import normalize_name

_new_ids = st.builds(
    lambda yy, mm, num, version: (f"{yy:02d}{mm:02d}.{num:05d}", f"v{version}" if version else ""),
    st.integers(15, 29),
    st.integers(1, 12),
    st.integers(0, 99999),
    st.integers(0, 9),
)


@given(text=st.text())
def test_arxiv_ids_any_text_gives_valid_spans(text):
    for match in find_arxiv_ids(text):
        assert 0 <= match.start < match.end <= len(text)
        assert normalize_arxiv_id(match.arxiv_id) == match.arxiv_id


@given(ident=_new_ids, prefix=st.sampled_from(["", "arXiv:", "arxiv:", "https://arxiv.org/abs/", "http://arxiv.org/pdf/"]))
def test_arxiv_ids_new_style_found_without_version(ident, prefix):
    arxiv_id, version = ident
    found = find_arxiv_ids(f"As shown in {prefix}{arxiv_id}{version}, it works.")
    assert [m.arxiv_id for m in found] == [arxiv_id]


@given(month=st.sampled_from([0, 13, 14, 20, 99]))
def test_arxiv_ids_invalid_month_is_rejected(month):
    assert find_arxiv_ids(f"arXiv:24{month:02d}.03617") == []


@given(text=st.text())
def test_normalize_name_is_idempotent(text):
    once = normalize_name(text)
    assert normalize_name(once) == once


@given(text=st.text())
def test_normalize_name_ignores_case_spaces_and_hyphens(text):
    assert normalize_name(text.upper()) == normalize_name(text.lower()) or not text.isascii()
    assert normalize_name(text.replace("-", " ")) == normalize_name(text.replace(" ", ""))
