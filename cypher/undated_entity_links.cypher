// How many (entity, paper) links of one entity type have a paper with no date (precision null), or one dated only to a precision too coarse for the bucket: what `kg trends --top` leaves out of its windows.
// Parameters: $type - the entity type, e.g. "Benchmark"; $coarse - the date precision too coarse for the bucket: "year" by month or quarter, "" by year.

// `e.type IN [$type]` as in entity_papers_between.cypher.
MATCH (p:Paper)-[]->(e:Method|Model|Benchmark|Metric|Task)
WHERE e.type IN [$type] AND (p.date IS NULL OR p.date_precision = $coarse)
RETURN p.date_precision AS precision, COUNT(p) AS links
