"""What ``Neo4jStore`` gives the peer index: the ``PeerRecords`` of the loaded graph, in one query.

The loader writes each actor's and section's text (``peer_text``, graph/peer_records.py) beside
the other properties; this query reads them back with the live ties and the appearances, so that
``PeerIndex`` (and every score, reason and ranking computed from it) is exactly the one
``MemoryStore`` builds from the same dataset. The index is kept per load: ``loaded_at`` on the
``:VitaDataset`` node changes with every load or import, and a changed stamp rebuilds it.
"""

from __future__ import annotations

import threading

from graph.peer_index import PeerIndex
from graph.peer_records import PeerRecords
from graph.vocabulary import IGNORED_STATUSES

RECORDS_QUERY = (
    "CALL () { MATCH (a:Actor) "
    "RETURN collect(a {.id, .name, .acronym, .kind, .family, .departement, .region_2008, "
    ".region, .commune_name, .departement_name, .region_2008_name, .region_name, "
    "text: a.peer_text, sections: COLLECT { MATCH (a)-[:APPEARS_IN]->(s:Section) "
    "RETURN s.id ORDER BY s.id }}) AS actors } "
    "CALL () { MATCH (a:Actor)-[r]->(b:Actor) WHERE type(r) IN $tie_types "
    "AND NOT r.status IN $ignored AND a <> b "
    "RETURN collect({source: a.id, target: b.id, type: type(r), id: r.id}) AS ties } "
    "CALL () { MATCH (s:Section) "
    "RETURN collect(s {.id, .title, .is_experience, .working_group, .summary, .first_line, "
    ".last_line, .departements, .lead, text: s.peer_text, actors: COLLECT { "
    "MATCH (x:Actor)-[:APPEARS_IN]->(s) RETURN x.id ORDER BY x.id }}) AS sections } "
    "RETURN actors, ties, sections")
STAMP_QUERY = "OPTIONAL MATCH (d:VitaDataset {id: 'vita'}) RETURN d.loaded_at AS stamp"


def read_records(run, tie_types: list[str]) -> PeerRecords:
    """``run(query, **params) -> list[dict]``; ties in id order, as the dataset lists them."""
    row = run(RECORDS_QUERY, tie_types=tie_types, ignored=list(IGNORED_STATUSES))[0]
    ties = sorted(row["ties"], key=lambda t: t["id"] or "")
    return PeerRecords([dict(a) for a in row["actors"]],
                       [{k: t[k] for k in ("source", "target", "type")} for t in ties],
                       [dict(s) for s in row["sections"]])


class PeerIndexCache:
    """One ``PeerIndex`` per load of the database; the explorer's server threads wait for one
    build rather than each building it."""

    def __init__(self):
        self.stamp, self.index = None, None
        self._lock = threading.Lock()

    def get(self, run, tie_types: list[str]) -> PeerIndex:
        stamp = run(STAMP_QUERY)[0]["stamp"]
        with self._lock:
            if self.index is None or stamp != self.stamp:
                self.index = PeerIndex(read_records(run, tie_types))
                self.stamp = stamp
            return self.index
