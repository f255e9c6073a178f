"""Role accuracy against hand-annotated (paper, entity, role) triples, shared by the dev and held-out tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extractors.pipeline import Extractor
from kg.normalize import normalize_name
from kg.readers import read_inputs


@dataclass
class RoleScore:
    """How many gold triples got the right role; ``wrong`` lists (paper, entity, gold role, found role or None)."""

    right: int
    total: int
    wrong: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def read_role_gold(path: Path) -> list[dict]:
    """The triples of a roles JSONL file (``paper``, ``entity``, ``type``, ``role``, ``why``)."""
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def role_accuracy(gold_path: Path, examples_dir: Path, use_ner: bool = False) -> RoleScore:
    """Extract the gold triples' papers from ``examples_dir`` and count triples whose entity got the gold role.

    A triple counts as right when an extracted entity has the gold entity's normalised text as its name
    or one of its aliases and its role triple carries the gold role; an entity not extracted counts as wrong.
    """
    gold = read_role_gold(gold_path)
    wanted = {g["paper"] for g in gold}
    papers = [p for p in read_inputs([examples_dir]).papers if p.id in wanted]
    found: dict[tuple[str, str], str] = {}
    for extraction in Extractor(use_ner=use_ner).extract_many(papers):
        keys = {}
        for entity in extraction.entities:
            for form in (entity.name, *entity.aliases):
                keys.setdefault(normalize_name(form), entity.key)
        roles = {t.object.partition(":")[2]: t.role.value for t in extraction.triples if t.role is not None}
        for form, key in keys.items():
            if key in roles:
                found[(extraction.paper.id, form)] = roles[key]
    score = RoleScore(0, len(gold))
    for g in gold:
        got = found.get((g["paper"], normalize_name(g["entity"])))
        if got == g["role"]:
            score.right += 1
        else:
            score.wrong.append((g["paper"], g["entity"], g["role"], got))
    return score
