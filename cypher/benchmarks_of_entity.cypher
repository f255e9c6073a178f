// Benchmarks that the papers proposing a method or model (or another entity) introduce, evaluate on or mention, with the role and the evidence sentence.
// Parameters: $name - the proposed entity's name (case-insensitive), e.g. "FLAMe".
MATCH (e)<-[:PROPOSES]-(p:Paper)-[r:EVALUATES_ON|PROPOSES]->(b:Benchmark)
WHERE toLower(e.name) = toLower($name) AND (b.key <> e.key OR b.type <> e.type)
RETURN b.name AS benchmark, p.id AS paper_id, r.role AS role, r.evidence AS evidence
ORDER BY benchmark, paper_id
