"""Connecting to Neo4j, with one readable error for each way it commonly fails."""

from __future__ import annotations

import os
from dataclasses import dataclass

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError, ClientError, ConfigurationError, ServiceUnavailable

from graph.errors import StoreUnavailable

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "vita-dev-password"   # the development server of tools/neo4j only

# Labels vita writes; anything else in the database is someone else's data.
VITA_LABELS = ("Actor", "Section", "Experience", "Context", "Territory", "WorkingGroup", "VitaDataset")


class Neo4jUnavailable(StoreUnavailable):
    """Neo4j cannot be used: unreachable, wrong credentials, or holding foreign data."""


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    database: str | None = None   # None: the server's default database

    @classmethod
    def from_env(cls, uri: str | None = None) -> "Neo4jSettings":
        return cls(uri or os.environ.get("NEO4J_URI", DEFAULT_URI),
                   os.environ.get("NEO4J_USER", DEFAULT_USER),
                   os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD),
                   os.environ.get("NEO4J_DATABASE") or None)


def connect(settings: Neo4jSettings, **driver_options) -> Driver:
    """An open, verified driver, or ``Neo4jUnavailable`` with a message for people.
    ``driver_options`` go to the driver (timeouts)."""
    try:
        driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                      **{"connection_timeout": 5, **driver_options})
    except (ConfigurationError, ValueError) as exc:
        raise Neo4jUnavailable(f"invalid Neo4j URI {settings.uri!r}: {exc}") from exc
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        raise Neo4jUnavailable(f"Neo4j at {settings.uri} refused the credentials of user "
                               f"{settings.user!r} (set NEO4J_USER / NEO4J_PASSWORD)") from exc
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable(f"cannot reach Neo4j at {settings.uri} (is it running? "
                               "`tools/neo4j/neo4j start` starts a local one)") from exc
    except ClientError as exc:
        driver.close()
        raise Neo4jUnavailable(f"Neo4j at {settings.uri} refused the connection: "
                               f"{exc.message}") from exc
    return driver


def foreign_labels(driver: Driver, database: str | None = None) -> dict[str, int]:
    """Labels (with node counts) of nodes vita did not write."""
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $ours) "
        "UNWIND (CASE labels(n) WHEN [] THEN ['(no label)'] ELSE labels(n) END) AS label "
        "RETURN label, count(*) AS n ORDER BY label",
        ours=list(VITA_LABELS), database_=database)
    return {r["label"]: r["n"] for r in records}


def ensure_vita_database(driver: Driver, settings: Neo4jSettings) -> None:
    found = foreign_labels(driver, settings.database)
    if found:
        listed = ", ".join(f"{label} ({n})" for label, n in found.items())
        raise Neo4jUnavailable(f"the database at {settings.uri} holds data vita did not load "
                               f"({listed}); use an empty database for vita")
