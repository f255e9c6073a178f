// Papers that introduce, address or only mention a task, with the paper's role and the sentence that shows it.
// Parameters: $name - the task's name (case-insensitive), e.g. "question answering".
MATCH (p:Paper)-[r:ADDRESSES|PROPOSES]->(t:Task)
WHERE toLower(t.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, t.name AS task, r.role AS role, r.evidence AS evidence
ORDER BY paper_id
