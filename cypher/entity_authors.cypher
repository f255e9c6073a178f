// Authors of the papers that propose an entity ("who wrote Self-RAG?"), with the sentence that introduces it.
// Parameters: $name - the entity's name (case-insensitive), e.g. "Self-RAG".
MATCH (a:Author)-[:AUTHORED]->(p:Paper)-[r:PROPOSES]->(e)
WHERE toLower(e.name) = toLower($name)
RETURN a.name AS author, p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, p.authors AS authors, r.evidence AS evidence
ORDER BY paper_id, author
