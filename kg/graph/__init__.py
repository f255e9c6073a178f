"""The property graph: schema, the on-disk database (LadybugDB), the in-memory networkx store, Neo4j, name resolution, plain questions and exports."""
