// The results papers report on a benchmark or one of its editions (members whose family it is), one row per result, with the edition it is on, the paper and the sentence that gives it; `kg leaderboard` ranks them, one table per edition, metric, unit, kind and subset.
// Parameters: $name - the benchmark's name (case-insensitive), e.g. "RewardBench".
MATCH (p:Paper)-[:REPORTS_RESULT]->(r:Result)-[:RESULT_ON]->(b:Benchmark)
WHERE toLower(b.name) = toLower($name) OR toLower(b.family) = toLower($name)
RETURN b.name AS benchmark, r.subject AS subject, r.value AS value, r.unit AS unit, r.metric AS metric, r.kind AS kind, r.subset AS subset, p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, r.evidence AS evidence, r.key AS result
ORDER BY result
