// Models used or proposed by the papers that evaluate on a benchmark, with how many such papers use each.
// Parameters: $name - the benchmark's name (case-insensitive), e.g. "RewardBench".
MATCH (b:Benchmark)<-[:EVALUATES_ON]-(p:Paper)-[:USES_MODEL|PROPOSES]->(m:Model)
WHERE toLower(b.name) = toLower($name)
RETURN m.name AS model, COUNT(p) AS papers
ORDER BY papers DESC, model
