// Papers that use or evaluate a model, with the sentence that says so.
// Parameters: $name - the model's name (case-insensitive), e.g. "GPT-4o".
MATCH (p:Paper)-[r:USES_MODEL]->(m:Model)
WHERE toLower(m.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, r.evidence AS evidence
ORDER BY paper_id
