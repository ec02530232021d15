"""The Neo4j adapter: connection, store, similarity query and loader."""
