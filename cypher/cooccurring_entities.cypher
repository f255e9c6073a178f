// Methods, models, benchmarks, metrics and tasks that appear in the same papers as an entity.
// Parameters: $name - the entity's name (case-insensitive), e.g. "RewardBench".
MATCH (e:Method|Model|Benchmark|Metric|Task)<-[]-(p:Paper)-[]->(o:Method|Model|Benchmark|Metric|Task)
WHERE toLower(e.name) = toLower($name) AND (o.key <> e.key OR o.type <> e.type)
RETURN o.name AS name, o.type AS type, COUNT(p) AS papers
ORDER BY papers DESC, name
