// Every date the corpus's papers have, with how many papers have it: the range a trend is measured over.
// Parameters: none. (Undated papers are left out: every date sorts after "0".)
MATCH (p:Paper)
WHERE p.in_corpus = true AND p.date >= "0"
RETURN p.date AS date, COUNT(p) AS papers
ORDER BY date
