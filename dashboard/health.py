"""``GET /healthz``: is the explorer able to answer? For load balancers and supervisors."""

from __future__ import annotations

from importlib import metadata

import flask

from graph.errors import StoreUnavailable
from graph.store import GraphStore


def vita_version() -> str:
    try:
        return metadata.version("vita")
    except metadata.PackageNotFoundError:   # run from a clone that was never installed
        return "unknown"


def health_report(store: GraphStore, backend: str) -> tuple[int, dict]:
    """(HTTP status, JSON body): 200 when the store answers, 503 when it does not."""
    body = {"status": "ok", "version": vita_version(), "backend": backend}
    try:
        body["counts"] = store.counts()
        body["store_reachable"] = True
    except StoreUnavailable:
        body.update(status="unavailable", store_reachable=False, counts=None)
    if backend == "neo4j":
        body["neo4j_reachable"] = body["store_reachable"]
    return (200 if body["store_reachable"] else 503), body


def install_health(server: flask.Flask, store: GraphStore, backend: str) -> None:
    def healthz():
        status, body = health_report(store, backend)
        return flask.jsonify(body), status, {"Cache-Control": "no-store"}
    server.add_url_rule("/healthz", "healthz", healthz)
