// Every paper of the corpus with its best date: the range a trend is measured over.
// Parameters: none.
MATCH (p:Paper)
WHERE p.in_corpus = true
RETURN p.key AS paper, p.date AS date
ORDER BY paper
