// Papers that use a method, with the sentence that says so.
// Parameters: $name - the method's name (case-insensitive), e.g. "Direct Preference Optimization".
MATCH (p:Paper)-[r:USES_METHOD]->(m:Method)
WHERE toLower(m.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, r.evidence AS evidence
ORDER BY paper_id
