"""The Neo4j adapter: connection, store, the peer index records (peers.py) and loader."""
