// The metrics introduced or reported by the most papers (mentions left out), with an example evidence sentence.
// Parameters: $limit - how many to return, e.g. 10 (kg query and kg ask use 10 when it is not given).
MATCH (p:Paper)-[r:REPORTS|PROPOSES]->(e:Metric)
WHERE r.role <> "mentions"
RETURN e.name AS name, COUNT(p) AS papers, MIN(r.evidence) AS evidence
ORDER BY papers DESC, name
LIMIT $limit
