// Papers written by an author, with the paper's author list.
// Parameters: $name - the author's name as listed (case-insensitive), e.g. "Yizhong Wang".
MATCH (a:Author)-[:AUTHORED]->(p:Paper)
WHERE toLower(a.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, p.published AS published, p.authors AS authors
ORDER BY paper_id
