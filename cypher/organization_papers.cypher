// Papers affiliated with an organisation.
// Parameters: $name - the organisation's name (case-insensitive), e.g. "Google DeepMind".
MATCH (p:Paper)-[:AFFILIATED_WITH]->(o:Organization)
WHERE toLower(o.name) = toLower($name)
RETURN p.id AS paper_id, p.arxiv_id AS arxiv_id, p.title AS title
ORDER BY paper_id
