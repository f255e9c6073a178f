"""The property graph: schema, the embedded networkx store, Neo4j, questions and exports."""
