// Papers that introduce, use or only mention a method, with the paper's role and the sentence that shows it.
// Parameters: $name - the method's name (case-insensitive), e.g. "Direct Preference Optimization".
MATCH (p:Paper)-[r:USES_METHOD|PROPOSES]->(m:Method)
WHERE toLower(m.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, m.name AS method, r.role AS role, r.evidence AS evidence
ORDER BY paper_id
