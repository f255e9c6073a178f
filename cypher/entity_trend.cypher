// The papers that link to an entity, with each paper's best date (bucketed by month, quarter or year by `kg trends`).
// Parameters: $name - the entity's name (case-insensitive), e.g. "GSM8K"; $type - its type, e.g. "Benchmark".
MATCH (p:Paper)-[]->(e:Method|Model|Benchmark|Metric|Task)
WHERE toLower(e.name) = toLower($name) AND e.type = $type
RETURN p.key AS paper, p.date AS date, p.date_precision AS precision
ORDER BY paper
