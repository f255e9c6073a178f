// Co-authors of an author, with the number of papers written together.
// Parameters: $name - the author's name as listed (case-insensitive), e.g. "Yizhong Wang".
MATCH (a:Author)-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(c:Author)
WHERE toLower(a.name) = toLower($name) AND c.key <> a.key
RETURN c.name AS coauthor, COUNT(p) AS papers
ORDER BY papers DESC, coauthor
