"""Names -> nodes, the same on every local store: case, punctuation, aliases, papers by ID or title."""

from __future__ import annotations

import pytest

from backends import open_backend
from graph_samples import seed_extractions
from kg.graph.nx_store import build_graph
from kg.graph.resolve import UnknownEntityError


@pytest.fixture(scope="module")
def graph():
    graph = build_graph(seed_extractions())
    graph.nodes["Benchmark:mmlu"]["aliases"] = ["Massive Multitask Language Understanding"]
    return graph


@pytest.fixture(scope="module", params=["ladybug", "networkx"])
def store(request, graph, tmp_path_factory):
    store = open_backend(request.param, graph, tmp_path_factory.mktemp(request.param))
    yield store
    store.close()


@pytest.mark.parametrize("name", ["RewardBench", "rewardbench", "Reward-Bench", " REWARDBENCH "])
def test_resolve_ignores_case_and_punctuation(store, name):
    resolved = store.resolve(name, ["Benchmark"])
    assert (resolved.node, resolved.key, resolved.name) == ("Benchmark:rewardbench", "rewardbench", "RewardBench")


def test_resolve_finds_alias(store):
    resolved = store.resolve("massive multitask language understanding", ["Benchmark"])
    assert (resolved.node, resolved.name) == ("Benchmark:mmlu", "MMLU")


def test_resolve_near_miss_suggests(store):
    with pytest.raises(UnknownEntityError) as info:
        store.resolve("RewardBnch", ["Benchmark"])
    assert info.value.suggestions[0] == "RewardBench"
    assert "did you mean" in str(info.value)


def test_resolve_respects_type(store):
    with pytest.raises(UnknownEntityError):
        store.resolve("RewardBench", ["Model"])


def test_resolve_paper_by_title_or_arxiv_id(store):
    assert store.resolve("2407.10817", ["Paper"]).node == "Paper:2407.10817"
    assert store.resolve("RewardBench 2: Advancing Reward Model Evaluation", ["Paper"]).node == "Paper:hf-rewardbench-2"


def test_resolve_prefers_the_exact_name_over_an_alias(store, graph):
    # "MMLU" is MMLU's own name; make it an alias of another benchmark too: the exact name wins.
    assert store.resolve("mmlu", ["Benchmark"]).node == "Benchmark:mmlu"
