// The models used by the most papers.
// Parameters: $limit - how many to return, e.g. 10.
MATCH (e:Model)
RETURN e.name AS name, e.paper_count AS papers
ORDER BY papers DESC, name
LIMIT $limit
