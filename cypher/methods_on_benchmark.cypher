// Methods used or proposed by the papers that evaluate on a benchmark, with how many such papers use each.
// Parameters: $name - the benchmark's name (case-insensitive), e.g. "GSM8K".
MATCH (b:Benchmark)<-[:EVALUATES_ON]-(p:Paper)-[:USES_METHOD|PROPOSES]->(m:Method)
WHERE toLower(b.name) = toLower($name)
RETURN m.name AS method, COUNT(p) AS papers
ORDER BY papers DESC, method
