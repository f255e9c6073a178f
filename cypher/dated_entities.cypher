// Every (entity, paper) link of one entity type with the paper's best date: what `kg trends --top` ranks.
// Parameters: $type - the entity type, e.g. "Benchmark".
MATCH (p:Paper)-[]->(e:Method|Model|Benchmark|Metric|Task)
WHERE e.type = $type
RETURN e.name AS name, p.key AS paper, p.date AS date
ORDER BY name, paper
