// Everything a paper proposes, uses, evaluates on, reports, addresses or only mentions, with its role and the evidence sentence.
// Parameters: $paper - the paper's arXiv ID or record id, e.g. "2407.10817".
MATCH (p:Paper)-[r:PROPOSES|USES_METHOD|USES_MODEL|EVALUATES_ON|REPORTS|ADDRESSES]->(e)
WHERE p.key = $paper OR p.id = $paper
RETURN type(r) AS relation, e.type AS type, e.name AS name, r.role AS role, r.evidence AS evidence
ORDER BY relation, name
