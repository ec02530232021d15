"""``vita peers "texte"``: the actors and experiences closest to a project described in words
(graph/peers.py)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click

from cli.app import main
from cli.options import format_option, open_store, store_options
from graph.vocabulary import KINDS

FORMATS = ["text", "json", "csv"]
CSV_COLUMNS = ["type", "rank", "id", "name", "kind", "departement", "score", "level", "terms",
               "reasons", "experience", "experience_title", "first_line", "last_line"]


def peer_records(peers) -> list[dict]:
    """One flat record per actor, then per experience (CSV / JSON rows)."""
    out = []
    for rank, a in enumerate(peers.actors, 1):
        e = a.experience
        out.append({"type": "acteur", "rank": rank, "id": a.id, "name": a.name, "kind": a.kind,
                    "departement": a.departement, "score": a.score, "level": a.level,
                    "terms": list(a.terms), "reasons": list(a.reasons),
                    "experience": e.id if e else None, "experience_title": e.title if e else None,
                    "first_line": e.first_line if e else None,
                    "last_line": e.last_line if e else None})
    for rank, e in enumerate(peers.experiences, 1):
        out.append({"type": "expérience", "rank": rank, "id": e.id, "name": e.title, "kind": None,
                    "departement": None, "score": e.score, "level": e.level,
                    "terms": list(e.terms), "reasons": list(e.reasons), "experience": e.id,
                    "experience_title": e.title, "first_line": e.first_line,
                    "last_line": e.last_line})
    return out


def peers_text(peers) -> str:
    """The answer as a French report."""
    head = f"Pairs pour « {peers.description} »"
    asked = [f"type {', '.join(peers.kinds)}"] if peers.kinds else []
    if peers.place:
        asked.append(("hors de " if peers.other_territories else "territoire : ")
                     + peers.place.label)
    lines = [head + (f" ({' ; '.join(asked)})" if asked else "")]
    lines.append("Acteurs :" if peers.actors else "Acteurs : aucun ne partage de mots avec la "
                 "description")
    for rank, a in enumerate(peers.actors, 1):
        place = a.departement_name and f"{a.departement_name} ({a.departement})" or \
            a.region_2008_name or "national"
        lines.append(f"{rank:>3}. {a.score:5.1f} {a.level:<12} {a.name} ({a.id}) — "
                     f"{KINDS[a.kind].label}, {place}")
        lines.extend(f"             · {r}" for r in a.reasons)
        if a.experience:
            lines.append(f"             · à lire : « {a.experience.title} », lignes "
                         f"{a.experience.first_line}–{a.experience.last_line}")
    lines.append("Expériences :" if peers.experiences else "Expériences : aucune")
    for rank, e in enumerate(peers.experiences, 1):
        lines.append(f"{rank:>3}. {e.score:5.1f} {e.level:<12} {e.id}")
        lines.extend(f"             · {r}" for r in e.reasons)
    return "\n".join(lines) + "\n"


@main.command("peers")
@click.argument("description")
@click.option("-k", "k", type=int, default=5, show_default=True,
              help="Number of actors and of experiences to list.")
@click.option("--kind", default=None, help="Only actors of this kind (code, e.g. ACI).")
@click.option("--near", default=None, help="Your territory: a département (name or number) or a "
              "région; else one named in the text.")
@click.option("--other-territories", is_flag=True,
              help="Only actors and experiences outside that territory.")
@format_option(FORMATS, "text")
@store_options
def peers(description, k, kind, near, other_territories, fmt, data, with_imports, backend,
          neo4j_uri):
    """The actors and the experiences of the recueil closest to a project described in words
    (DESCRIPTION, in French), each with its reasons (common terms, kind, territory) and the
    experience to read with its source lines."""
    from graph.exports.spreadsheet import csv_bytes
    store = open_store(backend, data, neo4j_uri, with_imports)
    try:
        found = store.peers(description, k, kind, near, other_territories)
    finally:
        store.close()
    if fmt == "text":
        click.echo(peers_text(found), nl=False)
    elif fmt == "json":
        click.echo(json.dumps({"description": found.description, "kinds": list(found.kinds),
                               "place": asdict(found.place) | {"departements": sorted(
                                   found.place.departements)} if found.place else None,
                               "other_territories": found.other_territories,
                               "results": peer_records(found)},
                              ensure_ascii=False, indent=2))
    else:
        sys.stdout.buffer.write(csv_bytes(peer_records(found), columns=CSV_COLUMNS))
