// How many papers of each entity of one type are dated in a window, and the latest date among them: one window of `kg trends --top`, counted by the engine.
// Parameters: $type - the entity type, e.g. "Benchmark"; $from, $to - the window's first bucket and the bucket after its last, dates compared as strings, e.g. "2025-01" and "2025-07" for January to June 2025; $coarse - the date precision too coarse for the bucket, left out: "year" by month or quarter, "" by year.

// A year-only date ("2025") sorts between "2024-12" and "2025-01", inside a month range that crosses a new year:
// $coarse, not the range, keeps it out. A paper has at most one relationship to an entity (the merge keeps the
// strongest role), so COUNT(p) counts papers. `e.type IN [$type]` rather than `=`: grand-cypher (networkx) finds
// no rows when indexable comparisons (=, <, >=) constrain two different nodes.
MATCH (p:Paper)-[]->(e:Method|Model|Benchmark|Metric|Task)
WHERE e.type IN [$type] AND p.date >= $from AND p.date < $to AND p.date_precision <> $coarse
RETURN e.name AS name, COUNT(p) AS papers, MAX(p.date) AS latest
ORDER BY name
