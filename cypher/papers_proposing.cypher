// Papers that propose (introduce) a method, model, benchmark, metric or task, with the sentence that says so.
// Parameters: $name - the entity's name (case-insensitive), e.g. "FLAMe".
MATCH (p:Paper)-[r:PROPOSES]->(e)
WHERE toLower(e.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, e.name AS name, r.role AS role, r.evidence AS evidence
ORDER BY paper_id
