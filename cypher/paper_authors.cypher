// Authors of a paper, with the paper's author list (in the order the paper gives).
// Parameters: $paper - the paper's arXiv ID or record id, e.g. "2407.10817".
MATCH (a:Author)-[:AUTHORED]->(p:Paper)
WHERE p.key = $paper OR p.id = $paper
RETURN a.name AS author, p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, p.authors AS authors
ORDER BY author
