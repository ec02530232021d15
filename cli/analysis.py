"""``vita similar`` and ``vita territories``: similar actors and territory indicators."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from cli.app import main
from cli.options import format_option, open_store, output_option, store_options, write_output
from graph.actors import resolve_actor
from graph.errors import InputError, NotFound
from graph.tables import render_records


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


@main.command()
@click.argument("actor")
@click.option("-k", "k", type=int, default=5, show_default=True, help="Number of actors to list.")
@click.option("--other-territories", is_flag=True,
              help="Only actors outside the actor's own territory.")
@click.option("--kind", default=None, help="Only this kind (code, e.g. AI).")
@click.option("--family", default=None, help="Only this family (e.g. siae).")
@format_option(["text", "json", "csv"], "text")
@store_options
def similar(actor, k, other_territories, kind, family, fmt, data, with_imports, backend,
            neo4j_uri):
    """The actors most similar to ACTOR (an id, or a name, acronym or other name naming one
    actor), each with its score and its reasons in French (same kind, kinds of partners, shared
    partners, roles, themes, topics of their experiences); how it is scored and evaluated:
    docs/similarity.md."""
    store = open_store(backend, data, neo4j_uri, with_imports)
    try:
        actor_id = resolve_actor(store, actor)
        try:
            rows = store.similar(actor_id, k, other_territories, kind, family)
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        if fmt == "text":
            text = similar_text(store.actor(actor_id).actor, rows)
        else:
            text = render_records(similar_records(rows), fmt)
    finally:
        store.close()
    click.echo(text, nl=False)


@main.command()
@click.argument("territory", required=False)
@click.option("--level", "levels", multiple=True, type=click.Choice(["dep", "region2008", "region"]),
              help="Levels to compare (repeatable; default: dep and region2008).")
@click.option("--sort", default=None, metavar="COLUMN", help="Column to sort by (numbers largest first).")
@format_option(["csv", "json", "text"], "csv")
@output_option
@store_options
def territories(territory, levels, sort, fmt, output, data, with_imports, backend, neo4j_uri):
    """One row of network indicators per département and région (actors, ties, density,
    isolated structures, communities, most connected actor, top broker, usual partners
    present); with TERRITORY (e.g. dep:26), every indicator of that territory."""
    from graph import territory_indicators as ti
    store = open_store(backend, data, neo4j_uri, with_imports)
    try:
        if territory:
            text = _one_territory(store, territory, fmt)
        else:
            rows = ti.comparison_table(store.actors(), store.relations(),
                                       levels or ("dep", "region2008"))
            if sort:
                try:
                    rows = ti.sort_rows(rows, sort)
                except ValueError as exc:
                    raise InputError(str(exc)) from exc
            text = _table_text(rows, fmt)
    finally:
        store.close()
    write_output(output, text, "indicateurs")


def _table_text(rows: list[dict], fmt: str) -> str:
    if fmt != "text":
        return render_records(rows, fmt)
    header = f"{'territoire':<18} {'acteurs':>7} {'liens':>6} {'densité':>8} {'isolés':>6}  libellé"
    lines = [header] + [f"{r['territory']:<18} {r['actors']:>7} {r['ties']:>6} {r['density']:>8.4f} "
                        f"{r['isolated']:>6}  {r['label']}" for r in rows]
    return "\n".join(lines) + "\n"


def _one_territory(store, territory: str, fmt: str) -> str:
    from graph import territory_indicators as ti
    label = next((t.label for t in store.territories() if t.id == territory), None)
    if label is None:
        raise NotFound(f"territoire inconnu ou sans acteur : « {territory} » (exemples : dep:26, "
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
