// Papers whose title or abstract mentions another paper's arXiv ID.
// Parameters: $arxiv_id - the mentioned paper's arXiv ID, e.g. "2403.13787".
MATCH (p:Paper)-[r:MENTIONS_PAPER]->(cited:Paper)
WHERE cited.key = $arxiv_id
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title, r.evidence AS evidence
ORDER BY paper_id
