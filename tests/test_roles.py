"""Roles: what a paper does with an entity (introduces, uses, mentions), against hand-annotated dev triples."""

from __future__ import annotations

from pathlib import Path

import pytest
from role_scoring import role_accuracy

from extractors.roles import sentence_role

DEV = Path(__file__).parent / "fixtures" / "roles" / "roles_dev.jsonl"

#: Measured 0.99 with the NER, 0.98 without (98 triples); the rules were written looking at them.
ROLE_ACCURACY_FLOOR = 0.95


@pytest.mark.parametrize(
    ("sentence", "name", "role"),
    [
        ("Benchmarks like Massive Multitask Language Understanding (MMLU) have played a pivotal role in evaluating AI's knowledge.", "MMLU", "mentions"),
        ("Currently, widely used medical benchmarks like MedQA and MMLU assess only accuracy in the final answer.", "MMLU", "mentions"),
        ("Existing question answering benchmarks such as ToMi ask models questions, but do not test actions.", "ToMi", "mentions"),
        ("A Llama-3.1-70B-Instruct model tuned with this approach scores 94.1 on RewardBench.", "RewardBench", "uses"),
        ("We evaluate our techniques on MATH and GSM8K benchmarks.", "GSM8K", "uses"),
        ("Two-thirds are labeled by experts, while the rest are sourced from existing benchmarks (MMMU, ScienceQA).", "ScienceQA", "uses"),
        ("We construct RewardMATH, a benchmark of reward model robustness.", "RewardMATH", "introduces"),
    ],
)
def test_roles_sentence_cues(sentence, name, role):
    start = sentence.index(name)
    assert sentence_role(sentence, start, start + len(name)).value == role


def test_roles_accuracy_on_dev_triples_stays_above_floor(examples_dir):
    score = role_accuracy(DEV, examples_dir)
    assert score.total >= 60
    assert score.accuracy >= ROLE_ACCURACY_FLOOR, f"role accuracy {score.right}/{score.total}: {score.wrong}"
