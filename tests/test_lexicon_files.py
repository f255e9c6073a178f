"""The curated lexicons under ``extractors/lexicons/`` are well-formed and unambiguous.

The lexicon extractor trusts these files: a bad line, a name claimed by two
entries, or a common English word matched case-insensitively would silently
turn into wrong graph nodes, so every rule the README states is checked here.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict

import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from kg.normalize import normalize_name
from kg.types import EntityType

from conftest import REPO

LEXICON_DIR = REPO / "extractors" / "lexicons"
MANIFEST = LEXICON_DIR / "manifest.json"
FILE_TYPES = {
    "benchmarks.jsonl": "Benchmark",
    "models.jsonl": "Model",
    "methods.jsonl": "Method",
    "metrics.jsonl": "Metric",
    "tasks.jsonl": "Task",
}
MIN_ENTRIES = {"Benchmark": 300, "Model": 300, "Method": 300, "Metric": 120, "Task": 150}
REQUIRED = {"name", "type", "aliases"}
OPTIONAL = {"family", "case_sensitive", "context", "alt_types"}
TYPE_NAMES = {t.value for t in EntityType}
# Names that are English words (or read as one); matching them case-insensitively
# and without a cue would tag ordinary prose.
RISKY = {"art", "core", "pile", "swag", "piqa", "gemini", "falcon", "mistral", "phi", "orca",
         "drop", "race", "bloom", "opt", "spider", "bird", "math", "arc", "whisper",
         "alpaca", "vicuna", "koala", "zephyr", "gopher", "chinchilla", "flamingo", "sparrow"}


def _entries() -> list[tuple[str, int, dict]]:
    rows = []
    for fname in FILE_TYPES:
        path = LEXICON_DIR / fname
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rows.append((fname, lineno, json.loads(line)))
    return rows


ENTRIES = _entries()


def _forms(entry: dict) -> list[str]:
    return [entry["name"], *entry["aliases"]]


def _case_key(text: str) -> str:
    """Like ``normalize_name`` but keeping case, for case-sensitive entries."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text))


def _distinct(a: dict, a_form: str, b: dict, b_form: str) -> bool:
    """Two forms with one normalised text can coexist only if both entries match case."""
    return bool(a.get("case_sensitive") and b.get("case_sensitive")) and _case_key(
        a_form
    ) != _case_key(b_form)


def test_manifest_lists_every_lexicon_file_with_a_version():
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", manifest["version"])
    assert sorted(manifest["files"]) == sorted(FILE_TYPES)
    assert manifest["description"].strip()
    for fname in manifest["files"]:
        assert (LEXICON_DIR / fname).is_file(), fname


@pytest.mark.parametrize("fname", sorted(FILE_TYPES))
def test_every_line_is_a_json_object_with_the_required_keys(fname):
    path = LEXICON_DIR / fname
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{fname}:{lineno}"
        assert line.strip(), f"{where}: blank line"
        entry = json.loads(line)
        assert isinstance(entry, dict), where
        assert REQUIRED <= entry.keys(), f"{where}: missing {REQUIRED - entry.keys()}"
        assert entry.keys() <= REQUIRED | OPTIONAL, f"{where}: unknown {entry.keys() - REQUIRED - OPTIONAL}"
        assert entry["type"] == FILE_TYPES[fname], f"{where}: type {entry['type']!r}"
        assert isinstance(entry["name"], str) and entry["name"].strip() == entry["name"] != "", where
        assert isinstance(entry["aliases"], list), where
        for alias in entry["aliases"]:
            assert isinstance(alias, str) and alias.strip() == alias != "", f"{where}: alias {alias!r}"
            assert normalize_name(alias), f"{where}: alias {alias!r} is only punctuation"
        assert len(set(entry["aliases"])) == len(entry["aliases"]), f"{where}: repeated alias"
        if "case_sensitive" in entry:
            assert entry["case_sensitive"] is True, f"{where}: case_sensitive must be true or absent"
        if "context" in entry:
            assert entry["context"] == "needs_context", where
        if "alt_types" in entry:
            alt = entry["alt_types"]
            assert alt and set(alt) <= TYPE_NAMES and entry["type"] not in alt, f"{where}: alt_types {alt}"
        if "family" in entry:
            assert entry["type"] in ("Model", "Benchmark"), f"{where}: family is for Model and Benchmark entries"
            assert entry["family"].strip() and normalize_name(entry["family"]) != normalize_name(entry["name"])


def test_minimum_coverage_per_type():
    counts = defaultdict(int)
    for _, _, entry in ENTRIES:
        counts[entry["type"]] += 1
    for typ, minimum in MIN_ENTRIES.items():
        assert counts[typ] >= minimum, f"{typ}: {counts[typ]} entries, want >= {minimum}"


def test_no_surface_form_is_claimed_twice_within_a_type():
    seen: dict[tuple[str, str], tuple[str, int, dict, str]] = {}
    for fname, lineno, entry in ENTRIES:
        for form in _forms(entry):
            key = (entry["type"], normalize_name(form))
            if key in seen:
                f0, l0, other, other_form = seen[key]
                if other is entry or _distinct(other, other_form, entry, form):
                    continue
                pytest.fail(f"{fname}:{lineno}: {form!r} also in {f0}:{l0} ({other['name']!r})")
            seen[key] = (fname, lineno, entry, form)


def test_forms_shared_across_types_are_declared_in_alt_types():
    owners: dict[str, list[tuple[str, int, dict, str]]] = defaultdict(list)
    for fname, lineno, entry in ENTRIES:
        for form in set(_forms(entry)):
            owners[normalize_name(form)].append((fname, lineno, entry, form))
    for key, rows in owners.items():
        for i, (f1, l1, a, fa) in enumerate(rows):
            for f2, l2, b, fb in rows[i + 1 :]:
                if a["type"] == b["type"] or _distinct(a, fa, b, fb):
                    continue
                declared = b["type"] in a.get("alt_types", ()) or a["type"] in b.get("alt_types", ())
                assert declared, f"{f1}:{l1} {fa!r} ({a['type']}) vs {f2}:{l2} {fb!r} ({b['type']}): add alt_types"


def test_short_and_common_word_names_match_case_exactly_or_need_context():
    for fname, lineno, entry in ENTRIES:
        guarded = entry.get("case_sensitive") or entry.get("context") == "needs_context"
        for form in _forms(entry):
            low = form.lower()
            if len(normalize_name(form)) <= 2 or low in STOP_WORDS or low in RISKY:
                assert guarded, f"{fname}:{lineno}: {form!r} needs case_sensitive or context"


def test_families_name_an_entry_of_the_same_type():
    keys = {(e["type"], normalize_name(f)) for _, _, e in ENTRIES for f in _forms(e)}
    for fname, lineno, entry in ENTRIES:
        if "family" in entry:
            assert (entry["type"], normalize_name(entry["family"])) in keys, f"{fname}:{lineno}: family {entry['family']!r}"


def test_benchmark_editions_point_at_their_family_and_derived_benchmarks_do_not():
    by_name = {e["name"]: e for _, _, e in ENTRIES if e["type"] == "Benchmark"}
    assert by_name["AIME 2024"]["family"] == "AIME" and by_name["AlpacaEval 2.0"]["family"] == "AlpacaEval"
    assert by_name["RewardBench 2"]["family"] == "RewardBench"
    assert all("family" not in by_name[n] for n in ("MMLU-Pro", "MMLU-Redux", "VL-RewardBench", "MATH-500"))


def _index() -> dict[str, set[tuple[str, str]]]:
    index: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for _, _, entry in ENTRIES:
        for form in _forms(entry):
            index[normalize_name(form)].add((entry["type"], entry["name"]))
    return index


INDEX = _index()


def _lookup(form: str) -> set[tuple[str, str]]:
    return INDEX.get(normalize_name(form), set())


@pytest.mark.parametrize(
    ("form", "typ", "name"),
    [
        ("GSM-8K", "Benchmark", "GSM8K"),
        ("MS-COCO", "Benchmark", "COCO"),
        ("WMT'14 En-De", "Benchmark", "WMT14 English-German"),
        ("Llama3", "Model", "Llama 3"),
        ("LLaMA-3", "Model", "Llama 3"),
        ("Llama-2-13B-Chat", "Model", "Llama 2 13B Chat"),
        ("GPT4o", "Model", "GPT-4o"),
        ("wav2vec 2.0", "Model", "wav2vec 2.0"),
        ("RAG", "Method", "retrieval-augmented generation"),
        ("Chain of Thought", "Method", "chain-of-thought prompting"),
        ("MoE", "Method", "Mixture-of-Experts"),
        ("Transformers", "Method", "Transformer"),
        ("Spearman's rho", "Metric", "Spearman correlation"),
        ("pass@1", "Metric", "pass@1"),
        ("EER", "Metric", "equal error rate"),
        ("ASR", "Task", "automatic speech recognition"),
        ("NER", "Task", "named entity recognition"),
    ],
)
def test_common_surface_forms_resolve_to_one_canonical_entry(form, typ, name):
    assert (typ, name) in _lookup(form)
    assert len({n for t, n in _lookup(form) if t == typ}) == 1


def test_checkpoints_point_at_their_family():
    by_name = {e["name"]: e for _, _, e in ENTRIES if e["type"] == "Model"}
    assert by_name["Llama 2 13B Chat"]["family"] == "Llama 2"
    assert by_name["Qwen2.5 7B Instruct"]["family"] == "Qwen2.5"
    assert "family" not in by_name["Llama 2"] or by_name["Llama 2"]["family"] != "Llama 2"


def test_files_load_with_the_extractor_lexicon_reader():
    reader = pytest.importorskip("extractors.lexicon")
    for fname, typ in FILE_TYPES.items():
        entries = reader.read_lexicon_file(LEXICON_DIR / fname)
        lines = [line for line in (LEXICON_DIR / fname).read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(entries) == len(lines)
        assert {entry.type.value for entry in entries} == {typ}


def test_readme_documents_every_key_and_the_manifest_version():
    readme = (LEXICON_DIR / "README.md").read_text(encoding="utf-8")
    for key in sorted(REQUIRED | OPTIONAL):
        assert f"`{key}" in readme, key
    assert json.loads(MANIFEST.read_text(encoding="utf-8"))["version"] in readme
