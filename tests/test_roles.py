"""Roles: what a paper does with an entity (introduces, uses, mentions), against hand-annotated dev triples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.pipeline import Extractor
from extractors.roles import sentence_role
from kg.normalize import normalize_name
from kg.readers import read_inputs

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
    gold = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {g["paper"] for g in gold}
    papers = [p for p in read_inputs([examples_dir]).papers if p.id in wanted]
    found: dict[tuple[str, str], str] = {}
    for extraction in Extractor(use_ner=False).extract_many(papers):
        keys = {}
        for entity in extraction.entities:
            for form in (entity.name, *entity.aliases):
                keys.setdefault(normalize_name(form), entity.key)
        roles = {t.object.partition(":")[2]: t.role.value for t in extraction.triples if t.role is not None}
        for form, key in keys.items():
            if key in roles:
                found[(extraction.paper.id, form)] = roles[key]
    right = sum(found.get((g["paper"], normalize_name(g["entity"]))) == g["role"] for g in gold)
    assert len(gold) >= 60
    assert right / len(gold) >= ROLE_ACCURACY_FLOOR, f"role accuracy {right}/{len(gold)}"
