// Papers written by an author.
// Parameters: $name - the author's name as listed (case-insensitive), e.g. "Nathan Lambert".
MATCH (a:Author)-[:AUTHORED]->(p:Paper)
WHERE toLower(a.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, p.published AS published
ORDER BY paper_id
