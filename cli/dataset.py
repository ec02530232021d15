"""Commands on the dataset itself: ``validate``, ``stats``, ``export actors|relations|
experiences``, ``load`` (into Neo4j) and ``serve`` (the explorer)."""

from __future__ import annotations

import gc
import json
from dataclasses import asdict
from pathlib import Path

import click

from cli.app import main
from cli.options import (backend_option, data_option, format_option, imports_option, neo4j_uri_option,
                         open_dataset, open_store, output_option, write_output)
from graph.tables import RECORD_FORMATS


def dataset_root(path: Path) -> Path:
    """The dataset folder a file or folder belongs to (the one holding actors/)."""
    path = path.resolve()
    for candidate in (path, *path.parents):
        if (candidate / "actors").is_dir():
            return candidate
    return path


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), default=None,
              help="The recueil text, to check evidence quotes (default: $VITA_SOURCE or "
              "data/source/recueil-experiences-vita-2008.txt).")
@click.option("--no-evidence", is_flag=True, help="Skip the evidence-quote check.")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], source: Path | None,
             no_evidence: bool) -> None:
    """Check schema, vocabularies, references, geography, duplicates and that every evidence
    quote is in the source near its line. A PATH is a dataset folder or a file in one (then
    only that file's problems are shown; default: data/). Only PATH is read: your imports are
    not. Exit 0 when clean, 1 otherwise."""
    from loaders.dataset import data_dir, source_path
    source = None if no_evidence else (source or source_path())
    failed = False
    for target in list(paths) or [data_dir()]:
        if not target.exists():
            click.echo(f"{target}:-:-: no such file or folder", err=True)
            failed = True
            continue
        failed |= _report(dataset_root(target), target, source)
    ctx.exit(1 if failed else 0)


def _report(root: Path, target: Path, source: Path | None) -> bool:
    from loaders.dataset import DatasetError, load_dataset
    try:
        dataset = load_dataset(root, source)
    except DatasetError as exc:
        issues = exc.issues
        if target.resolve() != root:
            wanted = target.resolve()
            issues = [i for i in issues if (root.parent / i.file).resolve() == wanted
                      or Path(i.file).resolve() == wanted] or issues
        for issue in issues:
            click.echo(str(issue), err=True)
        click.echo(f"{len(issues)} problem(s) in {target}", err=True)
        return True
    checked = f"evidence checked against {source}" if source else "evidence not checked"
    click.echo(f"OK {root}: {len(dataset.actors)} actors, {len(dataset.relations)} relations, "
               f"{len(dataset.experiences)} experiences, {len(dataset.sections)} sections "
               f"({checked})")
    return False


@main.command()
@data_option
@imports_option
@format_option(["text", "json"], "text")
def stats(data: Path | None, with_imports: bool, fmt: str) -> None:
    """Counts per experience, actor kind and family, relation type and status, région and
    département."""
    from graph.memory_store import MemoryStore
    from loaders.report import stats_text
    store = MemoryStore(open_dataset(data, with_imports))
    result = store.stats()
    if fmt == "json":
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(stats_text(result, store.sections()))


@main.group()
def export() -> None:
    """Export the dataset's actors, relations or experiences, or a territory (`vita export
    territory T`)."""


def _table_command(what: str, help_text: str) -> None:
    @export.command(what, help=help_text)
    @format_option(RECORD_FORMATS, "csv")
    @output_option
    @data_option
    @imports_option
    def command(fmt: str, output: Path, data: Path | None, with_imports: bool) -> None:
        from graph.memory_store import MemoryStore
        from graph.tables import TABLES, render_records
        records = TABLES[what](MemoryStore(open_dataset(data, with_imports)))
        write_output(output, render_records(records, fmt), f"{len(records)} lignes ({what})")


_table_command("actors", "One row per actor (aliases, place and where it comes from, map "
               "position — latitude, longitude, precision: commune, or approximate epci / "
               "departement / region, empty for national bodies —, experiences, degree, public "
               "contact), as CSV (RFC 4180, list values joined by ` | `, formulas neutralised) "
               "or JSON.")
_table_command("relations", "One row per relation (type, status, experience, evidence, source "
               "line), as CSV or JSON.")
_table_command("experiences", "One row per experience (source line range, actors), as CSV or "
               "JSON.")


@main.command()
@data_option
@imports_option
@neo4j_uri_option
@click.option("--replace", is_flag=True, help="Delete what vita loaded before, then load.")
def load(data: Path | None, with_imports: bool, neo4j_uri: str | None, replace: bool) -> None:
    """Validate the dataset (same errors as `vita validate`), then load it into Neo4j in one
    transaction of batched `UNWIND … MERGE`: a failure leaves the database as it was; loading
    twice gives the same counts; --replace first deletes what vita loaded. An unreachable
    server, wrong credentials or a database holding someone else's data each give one line
    (exit 3); an unsupported URI scheme (http://) one line (exit 2)."""
    from graph.neo4j.connection import Neo4jSettings, connect
    from graph.neo4j.loader import load as load_neo4j
    dataset = open_dataset(data, with_imports)
    settings = Neo4jSettings.from_env(neo4j_uri)
    driver = connect(settings)
    try:
        counts = load_neo4j(driver, dataset, settings, replace=replace)
    finally:
        driver.close()
    click.echo(f"loaded into {settings.uri}: {counts['actors']} actors, {counts['ties']} ties "
               f"({counts['nodes']} nodes, {counts['relationships']} relationships in all)")


@main.command()
@data_option
@click.option("--with-imports/--without-imports", "with_imports", default=True,
              show_default=True, envvar="VITA_WITH_IMPORTS",
              help="Memory store: show your imports (`vita import`, in $VITA_USER_DATA).")
@backend_option
@neo4j_uri_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than loopback needs --auth.")
@click.option("--port", default=8050, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Requests served at once (waitress threads).")
@click.option("--auth", type=click.Choice(["none", "accounts", "proxy"]), default=None,
              help="Access control: accounts (login page, `vita users add`), proxy (your "
              "reverse proxy's HTTP basic auth), none (loopback only). Default: accounts when "
              "the accounts file has any, else none.")
@click.option("--show-contacts", is_flag=True,
              help="Show the people, phones and e-mails printed in the recueil on a shared "
              "deployment (always shown with --auth none).")
@click.option("--trusted-proxy", default=None, metavar="IP",
              help="Address of your reverse proxy: its X-Forwarded-For/-Proto are trusted.")
@click.option("--no-secure-cookie", is_flag=True,
              help="Send the session cookie over plain HTTP too (a trial without HTTPS only).")
@click.option("--debug", is_flag=True, help="Dash's development server and debugger "
              "(refused on any address but loopback).")
def serve(data: Path | None, with_imports: bool, backend: str, neo4j_uri: str | None, host: str,
          port: int, threads: int, auth: str | None, show_contacts: bool,
          trusted_proxy: str | None, no_secure_cookie: bool, debug: bool) -> None:
    """Start the explorer (French interface) at http://HOST:PORT/ on waitress, a production
    WSGI server (SIGTERM or Ctrl-C let the requests under way finish), on the memory store
    built from the dataset (default) or on a loaded Neo4j. GET /healthz answers JSON (version,
    store, counts, Neo4j reachable): 200, or 503 when the store does not answer. Any address but
    loopback needs access control (--auth, see « Deploying for a team »); --debug (Dash's
    development server) is refused there. On the memory store it shows your imports too (a
    damaged one is skipped, with a warning naming its file)."""
    import logging
    import os
    from dashboard.accounts import read_accounts
    from dashboard.server import ServeOptions, build_app, check_options, run
    accounts = read_accounts()
    options = ServeOptions(host, port, threads, backend, auth or ("accounts" if accounts else "none"),
                           show_contacts, os.environ.get("VITA_SECRET_KEY"), not no_secure_cookie,
                           trusted_proxy, debug)
    check_options(options, accounts)          # InputError: one French line, exit 2
    store = open_store(backend, data, neo4j_uri, with_imports, for_requests=True)
    from loaders.dataset import data_dir
    app, _served = build_app(store, options, accounts, Path(data or data_dir()).resolve())
    # The store lives as long as the server: keep the cyclic garbage collector from walking its
    # objects again and again (a full collection took 0.18 s with the synthetic 20k-actor graph,
    # a pause in whichever request it fell on).
    gc.freeze()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"vita explorer on http://{host}:{port}/ (access: {options.auth}, "
               f"contacts {'shown' if show_contacts or options.auth == 'none' else 'hidden'})",
               err=True)
    run(app, store, options)
