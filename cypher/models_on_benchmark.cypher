// Models that papers introducing or using a benchmark also introduce or use (mentions left out), with how many such papers and an example evidence sentence.
// Parameters: $name - the benchmark's name (case-insensitive), e.g. "RewardBench".
MATCH (b:Benchmark)<-[rb:EVALUATES_ON|PROPOSES]-(p:Paper)-[r:USES_MODEL|PROPOSES]->(m:Model)
WHERE toLower(b.name) = toLower($name) AND rb.role <> "mentions" AND r.role <> "mentions"
RETURN m.name AS model, COUNT(p) AS papers, MIN(r.evidence) AS evidence
ORDER BY papers DESC, model
