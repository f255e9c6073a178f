// Benchmarks a paper evaluates on, with the evidence sentence.
// Parameters: $paper - the paper's arXiv ID or record id, e.g. "2407.10817".
MATCH (p:Paper)-[r:EVALUATES_ON]->(b:Benchmark)
WHERE p.key = $paper OR p.id = $paper
RETURN b.name AS benchmark, r.evidence AS evidence
ORDER BY benchmark
