// Papers that address a task, with the sentence that says so.
// Parameters: $name - the task's name (case-insensitive), e.g. "question answering".
MATCH (p:Paper)-[r:ADDRESSES]->(t:Task)
WHERE toLower(t.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, r.evidence AS evidence
ORDER BY paper_id
