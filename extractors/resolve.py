"""Resolution: turn one paper's typed mentions into one entity per thing, with a corpus-wide key.

Mentions join one entity when they normalise alike (case, spaces, hyphens, punctuation and a
plural "s" ignored), when an acronym definition ties a short form to its long form, or when
the lexicon maps them to the same entry. The canonical name is the lexicon name when known,
else the long form of a definition, else the fullest form in the text; the key is the
normalised canonical name, so the same benchmark in two papers is one node. A model's or
benchmark's family comes from the lexicon, else (a benchmark the lexicon does not know) from
its name's shape (``extractors.families``). Across papers,
``link_acronyms`` renames a bare acronym ("HPT" used without its definition) to the one long
form other papers define it as, so both papers point at one node.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.families import benchmark_family
from kg.normalize import normalize_name
from kg.types import Entity, EntityType, Mention, PaperExtraction, node_id


@dataclass(frozen=True)
class Hit:
    """A typed mention plus what resolution needs: lexicon name, model family, acronym group."""

    mention: Mention
    canonical: str | None = None
    family: str | None = None
    group: str | None = None
    long_form: bool = False
    shadow: bool = False  # an extra surface form ("X framework" for X); never the canonical name


@lru_cache(maxsize=1 << 17)
def fold_key(text: str) -> str:
    """Normalised text with a plural "s" dropped: "Reward Models" and "reward-model" agree.

    >>> fold_key("Reward Models") == fold_key("reward-model"), fold_key("LLMs")
    (True, 'llm')
    """
    key = normalize_name(text)
    if len(key) > 3 and key.endswith("s") and not key.endswith("ss"):
        return key[:-1]
    return key


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _choose_type(hits: Sequence[Hit]) -> EntityType:
    if len(hits) == 1:
        return hits[0].mention.type  # most entities have one mention: skip the tally
    weight: Counter = Counter()
    for hit in hits:
        bonus = 0.5 if hit.canonical else 0.0
        weight[hit.mention.type] += hit.mention.confidence + bonus
    return max(weight.items(), key=lambda kv: (kv[1], kv[0].value))[0]


def _choose_name(hits: Sequence[Hit]) -> str:
    lexicon_names = [h.canonical for h in hits if h.canonical]
    if lexicon_names:
        first = lexicon_names[0]
        if all(name == first for name in lexicon_names):
            return first  # the usual case, without building a Counter
        return Counter(lexicon_names).most_common(1)[0][0]
    named = [h for h in hits if not h.shadow] or list(hits)
    long_forms = [h.mention.text for h in named if h.long_form]
    pool = long_forms or [h.mention.text for h in named]
    # Fullest form first; among equals prefer one that is not all lower case, then first seen.
    ranked = [(len(t), t != t.lower(), -i, t) for i, t in enumerate(pool)]
    return max(ranked)[3]


def resolve_paper(hits: Sequence[Hit]) -> tuple[Entity, ...]:
    """Group a paper's hits into entities, in order of first mention.

    >>> from kg.types import Mention, EntityType as T
    >>> m = lambda text, s, t=T.METHOD: Mention(text, "abstract", s, s + len(text), t, "rule")
    >>> ents = resolve_paper([Hit(m("Dual-Weighted Reinforcement Learning", 0), group="a", long_form=True),
    ...                       Hit(m("DWRL", 40), group="a"), Hit(m("DWRL", 90))])
    >>> [(e.name, e.key, e.aliases) for e in ents]
    [('Dual-Weighted Reinforcement Learning', 'dualweightedreinforcementlearning', ('Dual-Weighted Reinforcement Learning', 'DWRL'))]
    """
    if not hits:
        return ()
    uf = _UnionFind(len(hits))
    by_key: dict[tuple, int] = {}
    for i, hit in enumerate(hits):
        keys = [("text", fold_key(hit.mention.text))]
        if hit.canonical:
            keys.append(("lex", normalize_name(hit.canonical)))
        if hit.group:
            keys.append(("group", hit.group))
        for key in keys:
            if key in by_key:
                uf.union(by_key[key], i)
            else:
                by_key[key] = i
    clusters: dict[int, list[Hit]] = defaultdict(list)
    for i, hit in enumerate(hits):
        clusters[uf.find(i)].append(hit)
    entities = []
    for members in clusters.values():
        if len(members) == 1:
            if not members[0].shadow:
                entities.append(_single_entity(members[0]))
            continue
        if all(h.shadow for h in members):
            continue  # extra surface forms of a name that was filtered out
        members.sort(key=lambda h: (h.mention.field != "title", h.mention.start))
        name = _choose_name(members)
        entity_type = _choose_type(members)
        by_span: dict[tuple[str, int, int], Mention] = {}
        for h in sorted(members, key=lambda h: (-h.mention.confidence, h.mention.extractor)):
            span_key = (h.mention.field, h.mention.start, h.mention.end)
            if span_key not in by_span:
                by_span[span_key] = h.mention if h.mention.type is entity_type else replace(h.mention, type=entity_type)
        mentions = tuple(sorted(by_span.values(), key=lambda m: (m.field != "title", m.start, m.end)))
        family = next(
            (h.family for h in members if h.family and normalize_name(h.family) != normalize_name(name) and (entity_type is EntityType.MODEL or h.canonical)),
            None,
        )  # a model-shaped family ("MDK12" of "MDK12-Bench") is a model's only
        if family is None and entity_type is EntityType.BENCHMARK and not any(h.canonical for h in members):
            family = benchmark_family(name)
        entities.append(
            Entity(
                name=name,
                type=entity_type,
                key=normalize_name(name),
                mentions=mentions,
                introduced=any(h.mention.introduced for h in members),
                aliases=tuple(dict.fromkeys(m.text for m in mentions)),
                family=family,
            )
        )
    entities.sort(key=lambda e: (e.mentions[0].field != "title", e.mentions[0].start))
    return tuple(entities)


def _single_entity(hit: Hit) -> Entity:
    """The entity of a one-mention cluster (most of them): what the general path gives, without its sorts."""
    mention = hit.mention
    name = hit.canonical or mention.text
    family = hit.family if hit.family and normalize_name(hit.family) != normalize_name(name) and (mention.type is EntityType.MODEL or hit.canonical) else None
    if family is None and mention.type is EntityType.BENCHMARK and hit.canonical is None:
        family = benchmark_family(name)
    return Entity(
        name=name,
        type=mention.type,
        key=normalize_name(name),
        mentions=(mention,),
        introduced=mention.introduced,
        aliases=(mention.text,),
        family=family,
    )


class DefinitionMemory:
    """Acronym -> long form learned from definitions, so a bare acronym in a later paper joins its long form.

    Only acronyms that no lexicon entry covers and that were defined one way only are used
    (spellings of one long form that normalise alike, "Chain of Thought" and "chain-of-thought",
    count as one way).
    """

    def __init__(self) -> None:
        self._long: dict[tuple[EntityType, str], dict[str, set[str]]] = defaultdict(dict)

    def learn(self, entities: Sequence[Entity]) -> None:
        """Note the acronyms that ``entities`` (one paper's, or a graph's) were defined with."""
        for entity in entities:
            self.learn_names(entity.type, entity.name, entity.aliases)

    def learn_names(self, entity_type: EntityType, name: str, aliases: Iterable[str]) -> None:
        """Note every acronym among ``aliases`` as a short form of ``name`` (not another spelling of it: "HPT" of "Hpt")."""
        key = normalize_name(name)
        for alias in aliases:
            bare = alias[:-1] if alias.endswith("s") else alias
            if alias != name and bare.replace("-", "").isupper() and len(alias) <= 10:
                short = normalize_name(alias)
                if short != key:
                    self._long[(entity_type, short)].setdefault(key, set()).add(name)

    def apply(self, entity: Entity) -> Entity:
        """``entity`` renamed to the long form of its acronym name when exactly one is known.

        An entity whose name is still an acronym was not defined in its own paper (a definition
        would have made the long form its name). Of several spellings of that long form the
        first in sort order is taken, so the result does not depend on the order papers came in.
        """
        long = self.long_form(entity.type, entity.key)
        return entity if long is None else replace(entity, name=long[1], key=long[0])

    def long_form(self, entity_type: EntityType, key: str) -> tuple[str, str] | None:
        """``(key, name)`` of the one long form defined for the acronym ``key``, else None."""
        longs = self._long.get((entity_type, key))
        if not longs or len(longs) != 1:
            return None
        ((long_key, names),) = longs.items()
        return long_key, min(names)


def link_acronyms(extractions: Iterable[PaperExtraction]) -> list[PaperExtraction]:
    """Corpus-wide pass: a paper's undefined acronym joins the long form defined elsewhere.

    Deterministic (independent of input order and of how papers were split across workers):
    an acronym is linked only when every paper that defines it gives the same long form, and
    when no lexicon entry already resolved it. Triples are rewritten to the new node ids.

    >>> from kg.types import Paper, Mention, EntityType as T
    >>> def ent(name, *aliases):
    ...     m = tuple(Mention(a, "abstract", 0, len(a), T.METHOD, "rule") for a in aliases)
    ...     return Entity(name, T.METHOD, normalize_name(name), m, aliases=aliases)
    >>> a = PaperExtraction(Paper(id="a"), (ent("Hierarchical Prompting Taxonomy", "Hierarchical Prompting Taxonomy", "HPT"),))
    >>> b = PaperExtraction(Paper(id="b"), (ent("HPT", "HPT"),))
    >>> [e.name for x in link_acronyms([a, b]) for e in x.entities]
    ['Hierarchical Prompting Taxonomy', 'Hierarchical Prompting Taxonomy']
    """
    items = list(extractions)
    memory = DefinitionMemory()
    for item in items:
        memory.learn(item.entities)
    return [link_paper(item, memory) for item in items]


def link_paper(item: PaperExtraction, memory: DefinitionMemory) -> PaperExtraction:
    """One paper's extraction with its bare acronyms joined to the long forms ``memory`` knows."""
    renamed: dict[str, str] = {}
    names: dict[str, str] = {}
    entities = []
    for entity in item.entities:
        linked = memory.apply(entity)
        if linked is not entity:
            renamed[node_id(entity.type, entity.key)] = node_id(linked.type, linked.key)
            names[entity.name] = linked.name
        entities.append(linked)
    if not renamed:
        return item
    results = tuple(
        replace(r, subject=names.get(r.subject, r.subject) if r.subject else None, benchmark=names.get(r.benchmark, r.benchmark),
                metric=names.get(r.metric, r.metric) if r.metric else None)
        for r in item.results
    )
    triples = tuple(
        replace(t, subject=renamed.get(t.subject, t.subject), object=renamed.get(t.object, t.object))
        for t in item.triples
    )
    return replace(item, entities=tuple(entities), triples=triples, results=results)
