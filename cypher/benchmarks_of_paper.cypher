// Benchmarks a paper introduces, evaluates on or only mentions, with its role and the evidence sentence.
// Parameters: $paper - the paper's arXiv ID or record id, e.g. "2407.10817".
MATCH (p:Paper)-[r:EVALUATES_ON|PROPOSES]->(b:Benchmark)
WHERE p.key = $paper OR p.id = $paper
RETURN b.name AS benchmark, p.id AS paper_id, r.role AS role, r.evidence AS evidence
ORDER BY benchmark
