"""The shipped NER model and the conversion of its training corpora."""

from __future__ import annotations

import socket
from collections import Counter

import pytest
import spacy

from extractors import ner
from extractors.ner_train import prepare
from kg.types import EntityType, Mention

# Real records, copied from ../shared/data (SciERC train, SciREX abstracts_dev).
SCIERC_RECORD = {
    "id": "IJCAI_2001_4_abs",
    "title": "",
    "abstract": (
        "A new algorithm for solving the three dimensional container packing problem is proposed in "
        "this paper. This new algorithm deviates from the traditional approach of wall building and "
        "layering. It uses the concept of\u201d building growing\u201d from multiple sides of the container. "
        "We tested our method using all 760 test cases from the OR-Library. Experimental results "
        "indicate that the new algorithm is able to achieve an average packing utilization of more "
        "than 87%. This is better than the results reported in the literature."
    ),
    "entities": [
        {"text": "algorithm", "type": "Generic", "start": 6, "end": 15},
        {"text": "dimensional container packing problem", "type": "Task", "start": 38, "end": 75},
        {"text": "algorithm", "type": "Generic", "start": 112, "end": 121},
        {"text": "approach of wall building and layering", "type": "Method", "start": 152, "end": 190},
        {"text": "It", "type": "Generic", "start": 192, "end": 194},
        {"text": "method", "type": "Generic", "start": 286, "end": 292},
        {"text": "OR-Library", "type": "Material", "start": 327, "end": 337},
        {"text": "algorithm", "type": "Generic", "start": 382, "end": 391},
        {"text": "average packing utilization", "type": "Metric", "start": 414, "end": 441},
    ],
}
SCIERC_LANGUAGE = {
    "id": "J87-1003",
    "title": "",
    "abstract": "English is shown to be trans-context-free on the basis of coordinations of the "
    "respectively type that involve strictly syntactic cross-serial agreement.",
    "entities": [
        {"text": "English", "type": "Material", "start": 0, "end": 7},
        {"text": "coordinations", "type": "OtherScientificTerm", "start": 58, "end": 71},
    ],
}
SCIREX_RECORD = {
    "id": "scirex-10a36dea0167511b66deca65fdca978aa9afdb11",
    "title": "Simple Baseline for Visual Question Answering",
    "abstract": (
        "We describe a very simple bag-of-words baseline for visual question answering. This baseline "
        "concatenates the word features from the question and CNN features from the image to predict "
        "the answer. When evaluated on the challenging VQA dataset, it shows comparable performance to "
        "many recent approaches using recurrent neural networks. To explore the strength and weakness "
        "of the trained model, we also provide an interactive web demo, and open-source code."
    ),
    "entities": [
        {"text": "Visual Question Answering", "type": "Task", "field": "title", "start": 20, "end": 45},
        {"text": "bag-of-words baseline", "type": "Method", "field": "abstract", "start": 26, "end": 47},
        {"text": "visual question answering", "type": "Task", "field": "abstract", "start": 52, "end": 77},
        {"text": "VQA dataset", "type": "Dataset", "field": "abstract", "start": 231, "end": 242},
        {"text": "recurrent neural networks", "type": "Method", "field": "abstract", "start": 308, "end": 333},
    ],
}


def _ents(doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def seed_abstracts(seed_paths) -> list[str]:
    """Abstract paragraphs of the first seed listing (paragraphs of 400+ characters)."""
    text = seed_paths["000"].read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if len(p.strip()) >= 400]


def test_prepare_all_spans_maps_types_and_drops_generic(blank):
    (doc,) = prepare.record_docs(blank, SCIERC_RECORD, names_only=False)
    assert _ents(doc) == [
        ("dimensional container packing problem", "Task"),
        ("approach of wall building and layering", "Method"),
        ("OR-Library", "Benchmark"),
        ("average packing utilization", "Metric"),
    ]
    assert doc.text == SCIERC_RECORD["abstract"]


def test_prepare_names_only_keeps_names_and_established_terms(blank):
    (doc,) = prepare.record_docs(blank, SCIERC_RECORD, names_only=True)
    assert _ents(doc) == [("OR-Library", "Benchmark")]
    # every other token is explicitly "outside", so the model learns descriptions are no names
    assert all(t.ent_iob_ in {"O", "B", "I"} for t in doc)
    terms = Counter({("visual question answering", "Task"): prepare.TERM_MIN_COUNT})
    title, abstract = prepare.record_docs(blank, SCIREX_RECORD, names_only=True, terms=terms)
    assert _ents(title) == [("Visual Question Answering", "Task")]
    assert _ents(abstract) == [("visual question answering", "Task"), ("VQA dataset", "Benchmark")]


def test_prepare_scirex_fields_and_dataset_type(blank):
    title, abstract = prepare.record_docs(blank, SCIREX_RECORD, names_only=False)
    assert title.text == SCIREX_RECORD["title"]
    assert ("VQA dataset", "Benchmark") in _ents(abstract)
    assert len(abstract.ents) == 4


def test_prepare_ambiguous_material_is_missing_not_outside(blank):
    (doc,) = prepare.record_docs(blank, SCIERC_LANGUAGE, names_only=True)
    assert doc[0].text == "English" and doc[0].ent_iob == 0  # missing: no lesson either way
    assert doc.ents == ()
    assert doc[1].ent_iob_ == "O"


def test_prepare_scirex_split_is_disjoint_and_complete():
    records = [{"id": str(i)} for i in range(10)]
    train, held = prepare.split_scirex(records)
    assert {r["id"] for r in held} == {"2", "5", "8"}
    assert sorted(r["id"] for r in train + held) == sorted(r["id"] for r in records)


def test_ner_model_loads_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    ner._load.cache_clear()
    ner._confidences.cache_clear()
    assert ner.ner_available()
    assert {"Method", "Benchmark", "Metric", "Task"} <= set(ner._load().get_pipe("ner").labels) <= set(prepare.LABELS)


def test_ner_finds_typed_spans_in_seed_abstracts(seed_abstracts):
    assert len(seed_abstracts) >= 5
    results = ner.find_ner_mentions_batch(seed_abstracts, "abstract")
    assert len(results) == len(seed_abstracts)
    mentions = [m for found in results for m in found]
    assert len(mentions) >= len(seed_abstracts)  # on average at least one name per abstract
    assert len({m.type for m in mentions}) >= 2
    for text, found in zip(seed_abstracts, results):
        for m in found:
            assert isinstance(m, Mention) and isinstance(m.type, EntityType)
            assert text[m.start : m.end] == m.text and m.text.strip() == m.text
            assert m.field == "abstract" and m.extractor == "ner"
            assert 0.0 < m.confidence <= 1.0
            assert m.text in m.sentence and m.sentence in text


def test_ner_finds_a_named_method_in_a_seed_abstract(seed_abstracts):
    dwrl = next(a for a in seed_abstracts if "Dual-Weighted Reinforcement Learning" in a)
    found = {m.text for m in ner.find_ner_mentions(dwrl, "abstract")}
    assert found & {"DWRL", "Dual-Weighted Reinforcement Learning", "Bradley-Terry", "CoT"}


def test_ner_single_and_batch_agree(seed_abstracts):
    batch = ner.find_ner_mentions_batch(seed_abstracts[:3], "title")
    assert batch == [ner.find_ner_mentions(a, "title") for a in seed_abstracts[:3]]


@pytest.mark.parametrize(
    ("surface", "ok"),
    [("RD100) (Dessi", False), ("\\textbf{Varco Arena}", False), ("Bradley-Terry (BT)", True), ("--", False)],
)
def test_ner_clean_rejects_broken_spans(surface, ok):
    assert ner._clean(surface) is ok


@pytest.mark.parametrize("text", ["", "   "])
def test_ner_empty_text_has_no_mentions(text):
    assert ner.find_ner_mentions(text, "title") == []


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [("the DQN) agent", 4, 8, "DQN"), ("(RAG, ", 0, 6, "RAG"), ("Bradley-Terry (BT)", 0, 18, "Bradley-Terry (BT)"),
     ("Dual-Weighted RL (", 0, 18, "Dual-Weighted RL"), (") GPT-4", 0, 7, "GPT-4"),
     ("STRICT-", 0, 7, "STRICT"), ("LLM-Assisted Evaluation of", 0, 26, "LLM-Assisted Evaluation"),
     ("model scales (Llama3 and", 13, 24, "Llama3"), ("the Bradley-Terry model", 0, 23, "Bradley-Terry model"),
     ("FLR's", 0, 5, "FLR")],
)
def test_ner_trim_span_drops_edge_punctuation(text, start, end, expected):
    s, e = ner.trim_span(text, start, end)
    assert text[s:e] == expected


def test_ner_train_rejects_a_data_folder_without_the_corpora(tmp_path):
    from extractors.ner_train.__main__ import main

    with pytest.raises(SystemExit, match="scierc/train.jsonl"):
        main(["--data", str(tmp_path), "--out", str(tmp_path / "model")])
    assert not (tmp_path / "model").exists()
