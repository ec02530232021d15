"""CLI commands for similar actors and territory indicators (issue 5)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

FORMATS = ["text", "json", "csv"]


def _fail(message: str) -> None:
    click.echo(f"erreur : {message}", err=True)
    sys.exit(1)


def _store_options(command):
    from cli.main import DATA_OPTION, NEO4J_URI_OPTION
    command = NEO4J_URI_OPTION(command)
    command = click.option("--backend", type=click.Choice(["memory", "neo4j"]), default="memory",
                           show_default=True, help="memory: built from data/; neo4j: a loaded "
                           "server.")(command)
    return DATA_OPTION(command)


def _open(backend: str, data: Path | None, neo4j_uri: str | None):
    from cli.main import _open_store
    return _open_store(backend, data, neo4j_uri)


def resolve_actor(store, text: str):
    """An actor id from an id or a name / acronym that designates one actor only."""
    if store.actor(text) is not None:
        return text
    found = store.search(text, limit=6)
    exact = [a for a in found if a.name.casefold() == text.casefold()]
    if len(found) == 1 or len(exact) == 1:
        return (exact or found)[0].id
    if not found:
        _fail(f"aucun acteur ne correspond à « {text} » (identifiant, nom ou sigle)")
    listed = "; ".join(f"{a.id} ({a.name})" for a in found[:5])
    _fail(f"plusieurs acteurs correspondent à « {text} » : {listed}{' ; …' if len(found) > 5 else ''}"
          " — donnez l'identifiant")


def similar_records(rows) -> list[dict]:
    """One flat record per similar actor (for CSV / JSON)."""
    out = []
    for rank, row in enumerate(rows, 1):
        a = row.actor
        out.append({"rank": rank, "id": a.id, "name": a.name, "kind": a.kind,
                    "kind_label": a.kind_label, "family": a.family, "commune": a.commune_name,
                    "departement": a.departement, "departement_name": a.departement_name,
                    "region_2008": a.region_2008_name, "score": row.score, "level": row.level,
                    "reasons": list(row.reasons),
                    "shared_partner_kinds": list(row.shared_partner_kinds),
                    "shared_partners": list(row.shared_partners),
                    "shared_roles": list(row.shared_roles),
                    "shared_working_groups": list(row.shared_working_groups),
                    "shared_topics": list(row.shared_topics),
                    "shared_terms": list(row.shared_terms)})
    return out


def _place(a) -> str:
    if a.commune_name:
        return f"{a.commune_name} ({a.departement})"
    if a.departement_name:
        return f"{a.departement_name} ({a.departement})"
    return a.region_2008_name or "national"


def similar_text(subject, rows) -> str:
    lines = [f"Acteurs semblables à {subject.name} ({subject.id}) — {subject.kind_label}, "
             f"{_place(subject)}"]
    if not rows:
        lines.append("  (aucun acteur semblable avec ces options)")
    for rank, row in enumerate(rows, 1):
        a = row.actor
        lines.append(f"{rank:>3}. {row.score:5.1f} {row.level:<12} {a.name} ({a.id}) — {a.kind_label}, {_place(a)}")
        lines.extend(f"             · {reason}" for reason in row.reasons)
    return "\n".join(lines) + "\n"


def _similar(actor, k, other_territories, kind, family, fmt, data, backend, neo4j_uri):
    """Rank the actors most similar to ACTOR (an id, or a name or acronym naming one actor),
    with the reasons, in French, that a person can check."""
    from graph.tables import to_csv, to_json
    store = _open(backend, data, neo4j_uri)
    try:
        actor_id = resolve_actor(store, actor)
        try:
            rows = store.similar(actor_id, k, other_territories, kind, family)
        except ValueError as exc:
            _fail(str(exc))
        if fmt == "text":
            click.echo(similar_text(store.actor(actor_id).actor, rows), nl=False)
        else:
            records = similar_records(rows)
            click.echo(to_csv(records) if fmt == "csv" else to_json(records), nl=False)
    finally:
        store.close()


def _territories(territory, levels, sort, fmt, output, data, backend, neo4j_uri):
    """Indicators of each territory (départements and régions), one row each; with TERRITORY
    (an id such as dep:26), every indicator of that territory."""
    from graph import territory_indicators as ti
    store = _open(backend, data, neo4j_uri)
    try:
        if territory:
            text = _one_territory(store, territory, fmt)
        else:
            rows = ti.comparison_table(store.actors(), store.relations(), levels or ("dep", "region2008"))
            if sort:
                try:
                    rows = ti.sort_rows(rows, sort)
                except ValueError as exc:
                    _fail(str(exc))
            text = _table_text(rows, fmt)
    finally:
        store.close()
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"écrit dans {output}", err=True)


def _table_text(rows: list[dict], fmt: str) -> str:
    from graph.tables import to_csv, to_json
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "json":
        return to_json(rows)
    header = f"{'territoire':<18} {'acteurs':>7} {'liens':>6} {'densité':>8} {'isolés':>6}  libellé"
    lines = [header] + [f"{r['territory']:<18} {r['actors']:>7} {r['ties']:>6} {r['density']:>8.4f} "
                        f"{r['isolated']:>6}  {r['label']}" for r in rows]
    return "\n".join(lines) + "\n"


def _one_territory(store, territory: str, fmt: str) -> str:
    from graph import territory_indicators as ti
    label = next((t.label for t in store.territories() if t.id == territory), None)
    if label is None:
        _fail(f"territoire inconnu ou sans acteur : « {territory} » (exemples : dep:26, "
              "region2008:82, region:84)")
    ind = ti.indicators(store.territory_subgraph(territory), territory, label)
    if fmt == "json":
        return json.dumps(asdict(ind), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _table_text([ti.comparison_row(ind, territory.split(":")[0])], "csv")
    return indicators_text(ind)


def indicators_text(ind) -> str:
    from graph.territory_indicators import USUAL_PARTNERS
    from graph.vocabulary import FAMILIES, RELATION_TYPES, STATUSES
    lines = [f"{ind.label} ({ind.territory}) : {ind.actors} acteurs, {ind.ties} liens internes, "
             f"{ind.external_ties} liens avec l'extérieur, densité {ind.density:.4f}, "
             f"{ind.communities} communauté(s)",
             "Familles : " + ", ".join(f"{FAMILIES[f].label} {n}" for f, n in ind.by_family.items()),
             "Liens par type : " + ", ".join(f"{RELATION_TYPES[t].label} {n}"
                                             for t, n in ind.ties_by_type.items()),
             "Liens par statut : " + ", ".join(f"{STATUSES[s]} {n}" for s, n in ind.ties_by_status.items()),
             "Les plus reliés : " + ", ".join(f"{r.name} ({r.value:g})" for r in ind.most_connected),
             "Intermédiaires (centralité) : " + (", ".join(f"{r.name} ({r.value:.3f})"
                                                          for r in ind.brokers) or "aucun"),
             "Sans lien dans le territoire : " + (", ".join(
                 f"{r.name} ({r.value:g} lien(s) à l'extérieur)" for r in ind.isolated) or "aucune"),
             "Partenaires habituels : " + ", ".join(f"{label} : {ind.usual_partners[key]}"
                                                   for key, label, _ in USUAL_PARTNERS)]
    return "\n".join(lines) + "\n"


def register(group: click.Group) -> None:
    """Add this module's commands to the ``vita`` group."""
    similar = click.argument("actor")(_similar)
    for option in (click.option("-k", "k", type=int, default=5, show_default=True,
                                help="Number of actors to list."),
                   click.option("--other-territories", is_flag=True,
                                help="Only actors outside the actor's own territory."),
                   click.option("--kind", default=None, help="Only this kind (code, e.g. AI)."),
                   click.option("--family", default=None, help="Only this family (e.g. siae)."),
                   click.option("--format", "fmt", type=click.Choice(FORMATS), default="text")):
        similar = option(similar)
    group.command("similar")(_store_options(similar))

    territories = click.argument("territory", required=False)(_territories)
    for option in (click.option("--level", "levels", multiple=True,
                                type=click.Choice(["dep", "region2008", "region"]),
                                help="Levels to compare (repeatable; default: dep and region2008)."),
                   click.option("--sort", default=None, help="Column to sort by (numbers "
                                "largest first)."),
                   click.option("--format", "fmt", type=click.Choice(["csv", "json", "text"]),
                                default="csv"),
                   click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
                                default="-", help="File to write (default: standard output).")):
        territories = option(territories)
    group.command("territories")(_store_options(territories))
