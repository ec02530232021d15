"""CLI commands for partner lists, territory exports and spreadsheet imports (issue 6).

- ``vita partners ACTOR`` — the partner list of an actor (XLSX or CSV);
- ``vita export territory T`` — the actors of a territory (XLSX, CSV, data·inclusion JSON) or
  its graph (GraphML, GEXF, Cytoscape JSON, nodes/edges CSV in a ZIP). ``vita export`` becomes
  a group: ``register`` re-creates ``vita export actors|relations|experiences`` as its
  subcommands from the original command (same options, same callback, same output), so
  they work exactly as documented;
- ``vita import FILE… [--dry-run]`` — checks, resolves and adds a coordinator's spreadsheet.

Messages are in French (shown to users); errors go to standard error with exit code 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.store import Filters
from graph.vocabulary import FAMILIES, KINDS, RELATION_TYPES, STATUSES, WORKING_GROUPS

BACKEND_OPTION = click.option("--backend", type=click.Choice(["memory", "neo4j"]), default="memory",
                              show_default=True, help="memory: data/ (and your imports); "
                              "neo4j: a loaded server.")
OUTPUT_OPTION = click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
                             default="-", help="File to write (default: standard output, for "
                             "text formats).")
DIALECT_OPTION = click.option("--dialect", type=click.Choice(["rfc4180", "excel-fr"]),
                              default="rfc4180", show_default=True,
                              help="CSV: RFC 4180 (UTF-8, ',') or French Excel (UTF-8 with BOM, ';').")
TERRITORY_FORMATS = ["xlsx", "csv", "graphml", "gexf", "json", "nodes-edges", "datainclusion"]
BINARY_FORMATS = {"xlsx", "nodes-edges"}


def _base():
    from cli import main as cli
    return cli


def _fail(message: str) -> None:
    click.echo(f"erreur : {message}", err=True)
    sys.exit(1)


def _write(output: Path, data: bytes, fmt: str, what: str) -> None:
    if str(output) == "-":
        stream = click.get_binary_stream("stdout")
        if fmt in BINARY_FORMATS and stream.isatty():
            _fail(f"le format {fmt} est binaire : indiquez un fichier avec --output")
        stream.write(data)
        stream.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        _fail(f"impossible d'écrire {output} : {exc.strerror or exc}")
    click.echo(f"{what} écrit dans {output}", err=True)


def _store(backend: str, data: Path | None, neo4j_uri: str | None):
    return _base()._open_store(backend, data, neo4j_uri)


# --- vita partners ----------------------------------------------------------------------
def find_actor(store, text: str) -> str:
    """The actor id ``text`` names: an id, or a name / acronym / other name (exactly)."""
    from graph.exports.graphfiles import _label
    from graph.search import normalise
    if store.actor(text) is not None:
        return text
    key = normalise(text)
    found = store.search(text, limit=50)
    exact = [r for r in found if key in {normalise(x) for x in (r.name, r.acronym or "", *r.aliases)}]
    if len(exact) == 1:
        return exact[0].id
    listed = exact or found[:8]
    lines = "\n".join(f"  - {r.id} : {_label(r)} ({r.kind_label}, "
                      f"{r.departement_name or r.region_2008_name or 'national'})" for r in listed)
    if exact:
        _fail(f"« {text} » désigne plusieurs acteurs ; donnez l'identifiant :\n{lines}")
    _fail(f"aucun acteur « {text} »" + (f" ; acteurs proches :\n{lines}" if listed else ""))


def partners_command(actor: str, fmt: str, output: Path, dialect: str, data: Path | None,
                     backend: str, neo4j_uri: str | None) -> None:
    """The partner list of ACTOR (an id, or a name / acronym / other name): one row per
    partner with its kind, place, the ties (type, status, experience, evidence quote and source
    line) and its public contact."""
    from graph.exports import partner_list, partners_file
    store = _store(backend, data, neo4j_uri)
    try:
        actor_id = find_actor(store, actor)
        result = partner_list(store, actor_id)
        payload = partners_file(result, fmt, dialect)
    finally:
        store.close()
    _write(output, payload, fmt, f"{len(result.partners)} partenaires de {result.actor.actor.name}")


# --- vita export territory ---------------------------------------------------------------
def _geography(data: Path | None):
    from graph.geography import load_geography
    from loaders.dataset import data_dir
    return load_geography(Path(data or data_dir()) / "geography")


def resolve_territory_or_exit(store, text: str, data: Path | None) -> str:
    from graph.territory_resolver import TerritoryError, resolve_territory
    try:
        pays = [t for t in store.territories() if t.level == "pays"]
        return resolve_territory(text, _geography(data), pays)
    except TerritoryError as exc:
        _fail(str(exc))


def _filters(store, families, kinds, relation_types, statuses, working_groups, experiences):
    known = {s.id for s in store.sections()}
    unknown = [e for e in experiences if e not in known]
    if unknown:
        _fail(f"expérience inconnue : {', '.join(unknown)} (voir `vita stats`)")
    return Filters(tuple(families), tuple(kinds), tuple(relation_types), tuple(statuses),
                   tuple(working_groups), tuple(experiences))


def _territory_payload(store, territory: str, filters: Filters, fmt: str, dialect: str,
                       data: Path | None) -> tuple[bytes, int]:
    from graph import exports
    if fmt in ("graphml", "gexf", "json", "nodes-edges"):
        view = store.territory_subgraph(territory, filters)
        return exports.graph_file(view, fmt, dialect), len(view.nodes)
    listing = exports.territory_list(store, territory, filters)
    if fmt == "datainclusion":
        return _datainclusion(listing, data), len(listing.actors)
    return exports.territory_file(listing, fmt, dialect), len(listing.actors)


def _datainclusion(listing, data: Path | None) -> bytes:
    import json
    from graph.datainclusion import structures, validate_structures
    records = structures(listing.actors, listing.details, _geography(data).communes)
    problems = validate_structures(records)
    if problems:
        _fail("structures data·inclusion invalides :\n" + "\n".join(problems))
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def territory_command(territory: str, fmt: str, output: Path, dialect: str, data, backend,
                      neo4j_uri, families, kinds, relation_types, statuses, working_groups,
                      experiences) -> None:
    """The actors of territory T (xlsx: with the relations among them; csv; datainclusion:
    data·inclusion v1 structures) or its graph with the partners outside it as context
    (graphml, gexf, json for Cytoscape, nodes-edges: a ZIP of two CSV files). T is written as
    people do: 59, Nord, Rhône-Alpes, 38185, Grenoble, an EPCI SIREN or name, dep:38…"""
    store = _store(backend, data, neo4j_uri)
    try:
        territory_id = resolve_territory_or_exit(store, territory, data)
        filters = _filters(store, families, kinds, relation_types, statuses, working_groups,
                           experiences)
        payload, count = _territory_payload(store, territory_id, filters, fmt, dialect, data)
    finally:
        store.close()
    if count == 0:
        click.echo(f"attention : aucun acteur dans {territory_id} avec ces filtres", err=True)
    _write(output, payload, fmt, f"{count} acteurs de {territory_id} ({fmt})")


def filter_options(command):
    for name, dest, choices, text in reversed([
            ("--family", "families", FAMILIES, "actor family"),
            ("--kind", "kinds", KINDS, "actor kind"),
            ("--relation-type", "relation_types", RELATION_TYPES, "relation type"),
            ("--status", "statuses", STATUSES, "status"),
            ("--working-group", "working_groups", WORKING_GROUPS, "working group")]):
        command = click.option(name, dest, multiple=True, type=click.Choice(list(choices)),
                               help=f"Keep only this {text} (repeatable).")(command)
    return click.option("--experience", "experiences", multiple=True,
                        help="Keep only this experience or section id (repeatable).")(command)


# --- vita import ----------------------------------------------------------------------------
def _report(plan) -> str:
    from graph.vocabulary import KINDS as kinds
    created, merged, conflicts = (plan.outcomes(a) for a in ("create", "merge", "conflict"))
    lines = [f"{plan.title} ({plan.id}) — {plan.file}",
             f"  acteurs : {len(plan.resolution.actors)} lus — {len(created)} à créer, "
             f"{len(merged)} fusionnés avec un acteur de vita, {len(conflicts)} en conflit"]
    for o in created:
        where = o.draft.place.commune_name or o.draft.place.departement_name or \
            o.draft.place.region_2008_name or "national"
        lines.append(f"    + {o.draft.name} [{o.actor_id}] ({kinds[o.draft.kind].label}, {where})")
    lines += [f"    = {o.draft.name} → [{o.actor_id}] : {o.reason}" for o in merged]
    lines += [f"    ! {o.draft.name} (ligne {o.draft.row}) : {o.reason}" for o in conflicts]
    lines.append(f"  relations : {len(plan.ties)} lues")
    return "\n".join(lines)


def _save(plan, backend: str, neo4j_uri: str | None) -> str:
    from loaders.imports import save_import
    if backend == "neo4j":
        from graph.neo4j.connection import Neo4jSettings, connect
        from graph.neo4j.loader import load_import
        settings = Neo4jSettings.from_env(neo4j_uri)

        def run():
            driver = connect(settings)
            try:
                return load_import(driver, plan.dataset, plan.id, settings)
            finally:
                driver.close()
        counts = _base()._neo4j_or_exit(run)
        done = f"écrit dans Neo4j ({settings.uri}) en une transaction : {counts['actors']} acteurs"
    path, changed = save_import(plan)
    kept = f"enregistré dans {path}" if changed else \
        f"rien n'a changé : cet import était déjà enregistré à l'identique ({path})"
    return f"{done} ; {kept}" if backend == "neo4j" else kept


def import_command(files: tuple[Path, ...], dry_run: bool, name: str | None, data: Path | None,
                   backend: str, neo4j_uri: str | None) -> None:
    """Import a network from a spreadsheet (see templates/ and docs/exchange.md): an XLSX
    workbook with sheets « acteurs » and « relations », or CSV files acteurs.csv and
    relations.csv (or a folder holding them). Every row is checked, each actor is resolved
    against vita's (created, merged or conflicting); nothing is imported if anything is
    wrong. The import is kept in your user data folder ($VITA_USER_DATA), which `vita serve`
    loads; with --backend neo4j it is also written to Neo4j in one transaction."""
    from loaders.dataset import DatasetError, data_dir
    from loaders.imports import plan_import
    try:
        plan = plan_import(list(files), Path(data or data_dir()), name)
    except DatasetError as exc:
        _print_issues(exc.issues)
    click.echo(_report(plan))
    if plan.issues:
        _print_issues(plan.issues)
    if dry_run:
        click.echo("simulation (--dry-run) : rien n'a été enregistré.")
        return
    click.echo(_save(plan, backend, neo4j_uri))


def _print_issues(issues) -> None:
    for item in issues:
        click.echo(str(item), err=True)
    _fail(f"{len(issues)} problème(s) ; rien n'a été importé.")


# --- registration -----------------------------------------------------------------------
def _legacy_export(original: click.Command, what: str) -> click.Command:
    params = [p for p in original.params if p.name != "what"]
    return click.Command(what, params=params, help=f"Export {what} (see `vita export --help`).",
                         callback=lambda **kw: original.callback(what=what, **kw))


def register(group: click.Group) -> None:
    """Add this module's commands to the ``vita`` group."""
    base = _base()
    options = [base.DATA_OPTION, BACKEND_OPTION, base.NEO4J_URI_OPTION]

    def decorate(function, *extra):
        for option in reversed([*extra, *options]):
            function = option(function)
        return function

    group.command("partners")(decorate(
        click.argument("actor")(partners_command),
        click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx",
                     show_default=True), OUTPUT_OPTION, DIALECT_OPTION))
    original = group.commands.pop("export")
    export = click.Group("export", help=(original.help or "") + " Also `vita export territory T`: "
                         "the actors or the graph of a territory.")
    for what in ("actors", "relations", "experiences"):
        export.add_command(_legacy_export(original, what))
    export.command("territory")(decorate(
        filter_options(click.argument("territory")(territory_command)),
        click.option("--format", "fmt", type=click.Choice(TERRITORY_FORMATS), default="xlsx",
                     show_default=True), OUTPUT_OPTION, DIALECT_OPTION))
    group.add_command(export)
    group.command("import")(decorate(
        click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))(
            import_command),
        click.option("--dry-run", is_flag=True, help="Check and report; write nothing."),
        click.option("--name", default=None, help="Import name (default: from the file name); "
                     "importing again under a name replaces that import.")))
