// Papers that evaluate on a benchmark, with the sentence that says so.
// Parameters: $name - the benchmark's name (case-insensitive), e.g. "MMLU".
MATCH (p:Paper)-[r:EVALUATES_ON]->(b:Benchmark)
WHERE toLower(b.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, r.evidence AS evidence
ORDER BY paper_id
