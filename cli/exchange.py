"""``vita partners``, ``vita export territory`` and ``vita import``: partner lists, territory
exports and spreadsheet imports (docs/exchange.md). Messages are in French."""

from __future__ import annotations

from pathlib import Path

import click

from cli.app import main
from cli.dataset import export
from cli.options import (backend_option, data_option, dialect_option, format_option,
                         neo4j_uri_option, open_store, output_option, store_options, write_output)
from graph.actors import resolve_actor
from graph.errors import InputError
from graph.store import Filters
from graph.vocabulary import FAMILIES, KINDS, RELATION_TYPES, STATUSES, WORKING_GROUPS


@main.command()
@click.argument("actor")
@format_option(["xlsx", "csv"], "xlsx")
@output_option
@dialect_option
@store_options
def partners(actor: str, fmt: str, output: Path, dialect: str, data: Path | None,
             with_imports: bool, backend: str, neo4j_uri: str | None) -> None:
    """The partner list of ACTOR (an id, or a name / acronym / other name naming one actor):
    one row per partner with kind, family, place, the ties (type, status, experience, evidence
    quote, source line) and its public contact; XLSX with a frozen, filtered header, ready to
    print; CSV as RFC 4180 or French Excel (UTF-8 BOM, `;`), formulas neutralised
    (docs/exchange.md)."""
    from graph.exports import BINARY_FORMATS, partner_list, partners_file
    store = open_store(backend, data, neo4j_uri, with_imports)
    try:
        result = partner_list(store, resolve_actor(store, actor))
        payload = partners_file(result, fmt, dialect)
    finally:
        store.close()
    write_output(output, payload, f"{len(result.partners)} partenaires de {result.actor.actor.name}",
                 binary=fmt in BINARY_FORMATS)


def _filters(store, families, kinds, relation_types, statuses, working_groups, experiences):
    known = {s.id for s in store.sections()}
    unknown = [e for e in experiences if e not in known]
    if unknown:
        raise InputError(f"expérience inconnue : {', '.join(unknown)} (voir `vita stats`)")
    return Filters(tuple(families), tuple(kinds), tuple(relation_types), tuple(statuses),
                   tuple(working_groups), tuple(experiences))


def filter_options(command):
    for name, dest, choices, text in reversed([
            ("--family", "families", FAMILIES, "actor family"),
            ("--kind", "kinds", KINDS, "actor kind"),
            ("--relation-type", "relation_types", RELATION_TYPES, "relation type"),
            ("--status", "statuses", STATUSES, "status"),
            ("--working-group", "working_groups", WORKING_GROUPS, "working group")]):
        command = click.option(name, dest, multiple=True, type=click.Choice(list(choices)),
                               help=f"Keep only this {text} (repeatable).")(command)
    return click.option("--experience", "experiences", multiple=True, metavar="ID",
                        help="Keep only this experience or section id (repeatable).")(command)


def _territory_formats():
    from graph.exports import TERRITORY_FORMATS
    return TERRITORY_FORMATS


@export.command("territory")
@click.argument("territory", metavar="T")
@format_option(_territory_formats(), "xlsx")
@output_option
@dialect_option
@filter_options
@store_options
def territory(territory: str, fmt: str, output: Path, dialect: str, families, kinds,
              relation_types, statuses, working_groups, experiences, data: Path | None,
              with_imports: bool, backend: str, neo4j_uri: str | None) -> None:
    """The actors of territory T, written as people do (59, Nord, Rhône-Alpes, 38185, Grenoble,
    an EPCI SIREN or name, dep:38; ambiguous names list the candidates), filters applied: as a
    spreadsheet (xlsx adds the ties among them; csv), as a graph with their partners elsewhere
    as context (graphml, gexf for Gephi, json for Cytoscape, nodes-edges: a ZIP of two CSV
    files), or as data·inclusion v1 structures (datainclusion)."""
    from graph.exports import BINARY_FORMATS, territory_export
    from graph.geography import load_geography
    from graph.territory_resolver import resolve_territory
    from loaders.dataset import data_dir
    geography = load_geography(Path(data or data_dir()) / "geography")
    store = open_store(backend, data, neo4j_uri, with_imports)
    try:
        pays = [t for t in store.territories() if t.level == "pays"]
        territory_id = resolve_territory(territory, geography, pays)
        filters = _filters(store, families, kinds, relation_types, statuses, working_groups,
                           experiences)
        result = territory_export(store, territory_id, fmt, filters, dialect, geography.communes)
    finally:
        store.close()
    if result.actors == 0:
        click.echo(f"attention : aucun acteur dans {territory_id} avec ces filtres", err=True)
    write_output(output, result.payload, f"{result.actors} acteurs de {territory_id} ({fmt})",
                 binary=fmt in BINARY_FORMATS)


def _report(plan) -> str:
    created, merged, conflicts = (plan.outcomes(a) for a in ("create", "merge", "conflict"))
    lines = [f"{plan.title} ({plan.id}) — {plan.file}",
             f"  acteurs : {len(plan.resolution.actors)} lus — {len(created)} à créer, "
             f"{len(merged)} fusionnés avec un acteur de vita, {len(conflicts)} en conflit"]
    for o in created:
        where = o.draft.place.commune_name or o.draft.place.departement_name or \
            o.draft.place.region_2008_name or "national"
        lines.append(f"    + {o.draft.name} [{o.actor_id}] ({KINDS[o.draft.kind].label}, {where})")
    lines += [f"    = {o.draft.name} → [{o.actor_id}] : {o.reason}" for o in merged]
    lines += [f"    ! {o.draft.name} (ligne {o.draft.row}) : {o.reason}" for o in conflicts]
    lines.append(f"  relations : {len(plan.ties)} lues")
    return "\n".join(lines)


def _save(plan, backend: str, neo4j_uri: str | None) -> str:
    from loaders.imports import save_import
    done = ""
    if backend == "neo4j":
        from graph.neo4j.connection import Neo4jSettings, connect
        from graph.neo4j.loader import load_import
        settings = Neo4jSettings.from_env(neo4j_uri)
        driver = connect(settings)
        try:
            counts = load_import(driver, plan.dataset, plan.id, settings)
        finally:
            driver.close()
        done = f"écrit dans Neo4j ({settings.uri}) en une transaction : {counts['actors']} acteurs ; "
    path, changed = save_import(plan)
    kept = f"enregistré dans {path}" if changed else \
        f"rien n'a changé : cet import était déjà enregistré à l'identique ({path})"
    return done + kept


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--name", default=None, help="Import name (default: from the file name); "
              "importing again under a name replaces that import.")
@data_option
@backend_option
@neo4j_uri_option
def import_command(files: tuple[Path, ...], dry_run: bool, name: str | None, data: Path | None,
                   backend: str, neo4j_uri: str | None) -> None:
    """Add a coordinator's network from the spreadsheet template (templates/: XLSX with sheets
    « acteurs » and « relations », or CSV files acteurs.csv and relations.csv, or a folder
    holding them): checks every row (errors as file:sheet:row:column: message, nothing imported
    if any), merges rows with the actors vita has (same name, acronym or alias in the same
    département), reports what is created, merged or conflicting, then keeps it in the user
    data folder ($VITA_USER_DATA, default ~/.local/share/vita; read by `vita serve` and by
    commands given --with-imports) or also writes it to Neo4j in one transaction. Importing the
    same file twice changes nothing."""
    from loaders.dataset import DatasetError, data_dir
    from loaders.imports import plan_import
    plan = plan_import(list(files), Path(data or data_dir()), name)
    for issue in plan.skipped:
        click.echo(f"attention : import ignoré — {issue}", err=True)
    click.echo(_report(plan))
    if plan.issues:
        raise DatasetError(plan.issues, "{n} problème(s) ; rien n'a été importé.")
    if dry_run:
        click.echo("simulation (--dry-run) : rien n'a été enregistré.")
        return
    click.echo(_save(plan, backend, neo4j_uri))
