// Papers that introduce, use (train, evaluate, compare with) or only mention a model, with the paper's role and the sentence that shows it.
// Parameters: $name - the model's name (case-insensitive), e.g. "GPT-4o".
MATCH (p:Paper)-[r:USES_MODEL|PROPOSES]->(m:Model)
WHERE toLower(m.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, m.name AS model, r.role AS role, r.evidence AS evidence
ORDER BY paper_id
