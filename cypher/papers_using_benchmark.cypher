// Papers that introduce, use or only mention a benchmark or one of its editions (members whose family it is: "AlpacaEval" finds "AlpacaEval 2.0"), with the paper's role, the edition it names and the sentence that shows it.
// Parameters: $name - the benchmark's name (case-insensitive), e.g. "MMLU".
MATCH (p:Paper)-[r:EVALUATES_ON|PROPOSES]->(b:Benchmark)
WHERE toLower(b.name) = toLower($name) OR toLower(b.family) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, b.name AS benchmark, r.role AS role, r.evidence AS evidence
ORDER BY paper_id, benchmark
