// Methods that papers introducing or using a benchmark also introduce or use (mentions left out), with how many such papers and an example evidence sentence.
// Parameters: $name - the benchmark's name (case-insensitive), e.g. "GSM8K".
MATCH (b:Benchmark)<-[rb:EVALUATES_ON|PROPOSES]-(p:Paper)-[r:USES_METHOD|PROPOSES]->(m:Method)
WHERE toLower(b.name) = toLower($name) AND rb.role <> "mentions" AND r.role <> "mentions"
RETURN m.name AS method, COUNT(p) AS papers, MIN(r.evidence) AS evidence
ORDER BY papers DESC, method
