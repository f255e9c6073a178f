// Papers that introduce, use or only mention exactly this benchmark (not its editions), with the paper's role and the sentence that shows it.
// Parameters: $name - the benchmark's name (case-insensitive), e.g. "AlpacaEval 2.0".
MATCH (p:Paper)-[r:EVALUATES_ON|PROPOSES]->(b:Benchmark)
WHERE toLower(b.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, b.name AS benchmark, r.role AS role, r.evidence AS evidence
ORDER BY paper_id
