"""The ``vita`` command line."""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from loaders.dataset import DatasetError, Issue, data_dir, load_dataset, source_path

DATA_OPTION = click.option("--data", "data", type=click.Path(path_type=Path, file_okay=False),
                           default=None, help="Dataset folder (default: the shipped data/, "
                           "or $VITA_DATA).")


def _dataset_root(path: Path) -> Path:
    """The dataset folder a file or folder belongs to (the one holding actors/)."""
    path = path.resolve()
    for candidate in (path, *path.parents):
        if (candidate / "actors").is_dir():
            return candidate
    return path


def _load_or_exit(data: Path | None, source: Path | None = None):
    try:
        return load_dataset(data, source)
    except DatasetError as exc:
        for issue in exc.issues:
            click.echo(str(issue), err=True)
        click.echo(f"{len(exc.issues)} problem(s); nothing loaded.", err=True)
        sys.exit(1)


def _memory_store(data: Path | None):
    from graph.memory_store import MemoryStore
    return MemoryStore(_load_or_exit(data))


NEO4J_URI_OPTION = click.option("--neo4j-uri", default=None,
                                help="Bolt URI (default: $NEO4J_URI or bolt://127.0.0.1:7687); "
                                "user and password from $NEO4J_USER / $NEO4J_PASSWORD.")


def _neo4j_or_exit(action):
    """Run ``action``; a Neo4j problem becomes one readable line and exit code 1."""
    from neo4j.exceptions import Neo4jError, DriverError
    from graph.neo4j.connection import Neo4jUnavailable
    try:
        return action()
    except Neo4jUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
    except (Neo4jError, DriverError) as exc:
        click.echo(f"error: Neo4j failed: {exc}", err=True)
    sys.exit(1)


def _open_store(backend: str, data: Path | None, neo4j_uri: str | None):
    if backend == "memory":
        return _memory_store(data)
    from graph.neo4j.connection import Neo4jSettings, ensure_vita_database
    from graph.neo4j.store import Neo4jStore

    def open_neo4j():
        store = Neo4jStore.connect(Neo4jSettings.from_env(neo4j_uri))
        ensure_vita_database(store.driver, store.settings)
        return store
    return _neo4j_or_exit(open_neo4j)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """vita: explore the partnership networks of the VITA experiences (COORACE, 2008)."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--source", type=click.Path(path_type=Path), default=None,
              help="The recueil text, to check evidence quotes (default: $VITA_SOURCE or "
              "data/source/recueil-experiences-vita-2008.txt).")
@click.option("--no-evidence", is_flag=True, help="Skip the evidence-quote check.")
def validate(paths: tuple[Path, ...], source: Path | None, no_evidence: bool) -> None:
    """Check the dataset: schema, vocabularies, references, geography, duplicates and
    evidence quotes. PATHS are dataset folders or files in one (default: data/); for a
    file, only its problems are printed. Exits 1 on any problem."""
    source = None if no_evidence else (source or source_path())
    targets = list(paths) or [data_dir()]
    failed = False
    for target in targets:
        if not target.exists():
            click.echo(f"{target}:-:-: no such file or folder", err=True)
            failed = True
            continue
        root = _dataset_root(target)
        failed |= _report(root, target, source)
    sys.exit(1 if failed else 0)


def _report(root: Path, target: Path, source: Path | None) -> bool:
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
@DATA_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def stats(data: Path | None, fmt: str) -> None:
    """Counts by experience, kind, family, relation type, status and territory."""
    from loaders.report import stats_text
    store = _memory_store(data)
    result = store.stats()
    if fmt == "json":
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(stats_text(result, store.sections()))


@main.command()
@click.argument("what", type=click.Choice(["actors", "relations", "experiences"]))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default="-",
              help="File to write (default: standard output).")
@DATA_OPTION
def export(what: str, fmt: str, output: Path, data: Path | None) -> None:
    """Export actors, relations or experiences as CSV (RFC 4180) or JSON."""
    from graph.tables import TABLES, to_csv, to_json
    records = TABLES[what](_memory_store(data))
    text = to_csv(records) if fmt == "csv" else to_json(records)
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8", newline="")
        click.echo(f"wrote {len(records)} {what} to {output}", err=True)


@main.command()
@DATA_OPTION
@NEO4J_URI_OPTION
@click.option("--replace", is_flag=True, help="Delete what vita loaded before, then load.")
def load(data: Path | None, neo4j_uri: str | None, replace: bool) -> None:
    """Validate the dataset, then load it into Neo4j in one transaction (idempotent)."""
    from graph.neo4j.connection import Neo4jSettings, connect
    from graph.neo4j.loader import load as load_neo4j
    dataset = _load_or_exit(data)
    settings = Neo4jSettings.from_env(neo4j_uri)

    def run():
        driver = connect(settings)
        try:
            return load_neo4j(driver, dataset, settings, replace=replace)
        finally:
            driver.close()
    counts = _neo4j_or_exit(run)
    click.echo(f"loaded into {settings.uri}: {counts['actors']} actors, {counts['ties']} ties "
               f"({counts['nodes']} nodes, {counts['relationships']} relationships in all)")


@main.command()
@DATA_OPTION
@click.option("--backend", type=click.Choice(["memory", "neo4j"]), default="memory",
              show_default=True, help="memory: built from data/ at start; neo4j: a loaded server.")
@NEO4J_URI_OPTION
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
def serve(data: Path | None, backend: str, neo4j_uri: str | None, host: str, port: int,
          threads: int, auth: str | None, show_contacts: bool, trusted_proxy: str | None,
          no_secure_cookie: bool, debug: bool) -> None:
    """Start the explorer at http://HOST:PORT/ on a production server (waitress)."""
    import logging
    import os
    from cli.users import accounts_or_exit
    from dashboard.server import ServeOptions, build_app, check_options, run
    from graph.errors import InputError
    accounts = accounts_or_exit()
    options = ServeOptions(host, port, threads, backend, auth or ("accounts" if accounts else "none"),
                           show_contacts, os.environ.get("VITA_SECRET_KEY"), not no_secure_cookie,
                           trusted_proxy, debug)
    try:
        check_options(options, accounts)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    store = _open_store(backend, data, neo4j_uri)
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


from cli import analysis as cli_analysis, exchange as cli_exchange  # noqa: E402  (commands kept in their own modules)
from cli import users as cli_users  # noqa: E402

cli_analysis.register(main)
cli_exchange.register(main)
cli_users.register(main)

__all__ = ["main", "Issue"]
if __name__ == "__main__":
    main()
