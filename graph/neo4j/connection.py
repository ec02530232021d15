"""Connecting to Neo4j, with one readable (French) error for each way it commonly fails.

Timeouts: ``Neo4jSettings.connection_timeout`` bounds opening a connection and
``query_timeout`` (seconds, ``None``: the server's own limit) bounds each read query of the
store; a request path (the explorer) sets short ones with ``Neo4jSettings.for_requests`` so
that a Neo4j that does not answer costs seconds, not the driver's default 30 s or more.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from neo4j import Driver, GraphDatabase
from neo4j.exceptions import (AuthError, ClientError, ConfigurationError, Neo4jError,
                              ServiceUnavailable)

from graph.errors import InputError, StoreUnavailable, VitaError

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "vita-dev-password"   # the development server of tools/neo4j only

# Labels vita writes; anything else in the database is someone else's data.
VITA_LABELS = ("Actor", "Section", "Experience", "Context", "Territory", "WorkingGroup", "VitaDataset")


class Neo4jUnavailable(StoreUnavailable):
    """Neo4j cannot be used: unreachable, wrong credentials, or holding foreign data."""


# URI schemes the official driver speaks (bolt: one server; neo4j: routing, cluster or Aura).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
REQUEST_CONNECTION_TIMEOUT = 3.0   # seconds, for the explorer's requests
REQUEST_QUERY_TIMEOUT = 10.0


@dataclass(frozen=True)
class Neo4jSettings:
    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    database: str | None = None   # None: the server's default database
    connection_timeout: float = 5.0
    query_timeout: float | None = None

    def for_requests(self, connection_timeout: float = REQUEST_CONNECTION_TIMEOUT,
                     query_timeout: float = REQUEST_QUERY_TIMEOUT) -> "Neo4jSettings":
        """The same server with short timeouts, for a request path (no 30 s hangs)."""
        return replace(self, connection_timeout=connection_timeout, query_timeout=query_timeout)

    @classmethod
    def from_env(cls, uri: str | None = None) -> "Neo4jSettings":
        return cls(uri or os.environ.get("NEO4J_URI", DEFAULT_URI),
                   os.environ.get("NEO4J_USER", DEFAULT_USER),
                   os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD),
                   os.environ.get("NEO4J_DATABASE") or None)


def check_uri(uri: str) -> None:
    """``InputError`` for a URI the driver cannot use (``http://`` is Neo4j's browser port)."""
    scheme, found, rest = uri.partition("://")
    if not found or scheme.lower() not in SCHEMES or not rest:
        raise InputError(f"adresse Neo4j invalide « {uri} » : attendu {', '.join(s + '://' for s in SCHEMES)}"
                         " suivi de l'hôte et du port (par exemple bolt://127.0.0.1:7687)")


def connect(settings: Neo4jSettings, **driver_options) -> Driver:
    """An open, verified driver, or ``Neo4jUnavailable`` with a message for people.
    ``driver_options`` go to the driver (they override the settings' timeouts)."""
    check_uri(settings.uri)
    try:
        timeouts = {"connection_timeout": settings.connection_timeout,
                    "connection_acquisition_timeout": settings.connection_timeout * 2,
                    "max_transaction_retry_time": settings.connection_timeout * 2}
        driver = GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password),
                                      **{**timeouts, **driver_options})
    except (ConfigurationError, ValueError) as exc:
        raise InputError(f"adresse Neo4j invalide « {settings.uri} » : {exc}") from exc
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        raise Neo4jUnavailable(f"Neo4j ({settings.uri}) a refusé les identifiants de "
                               f"l'utilisateur {settings.user!r} (voir NEO4J_USER / "
                               "NEO4J_PASSWORD)") from exc
    except (ServiceUnavailable, OSError) as exc:
        driver.close()
        raise Neo4jUnavailable(f"impossible de joindre Neo4j à {settings.uri} (est-il démarré ? "
                               "`tools/neo4j/neo4j start` en démarre un en local)") from exc
    except ClientError as exc:
        driver.close()
        raise Neo4jUnavailable(f"Neo4j ({settings.uri}) a refusé la connexion : "
                               f"{exc.message}") from exc
    return driver


def query_error(exc: Neo4jError) -> VitaError:
    """A query Neo4j refused or gave up, as a vita error with a French message: too many
    clauses (a too long search) is the person's input; a timeout or memory limit means the
    query was too heavy; anything else, Neo4j failed."""
    code = exc.code or ""
    text = f"{code} {exc.message or ''}"
    if "TooManyClauses" in text or "maxClauseCount" in text:
        return InputError("recherche trop longue : raccourcissez le texte cherché")
    if "TransactionTimedOut" in code or "Terminated" in code or "timed out" in text.lower():
        return StoreUnavailable("recherche trop longue : Neo4j a dépassé le temps permis")
    if "MemoryPool" in code or "OutOfMemory" in text:
        return StoreUnavailable("requête trop lourde : Neo4j a manqué de mémoire")
    return StoreUnavailable(f"Neo4j a échoué : {exc.message or code}")


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
        raise Neo4jUnavailable(f"la base Neo4j {settings.uri} contient des données que vita n'a "
                               f"pas chargées ({listed}) ; utilisez une base vide pour vita")
