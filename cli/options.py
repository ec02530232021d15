"""The options several commands share, declared once (each with its environment variable), and
the few steps every command takes with them: open the dataset or a store, write the output.

A command module decorates its commands with these; it never re-declares ``--data``,
``--backend``, ``--neo4j-uri``, ``--format``, ``--output`` or ``--dialect``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import click

from graph.errors import InputError

data_option = click.option(
    "--data", "data", type=click.Path(path_type=Path, file_okay=False), default=None,
    envvar="VITA_DATA", help="Dataset folder (default: the shipped data/; env VITA_DATA).")
neo4j_uri_option = click.option(
    "--neo4j-uri", default=None, envvar="NEO4J_URI", metavar="URI",
    help="Bolt URI of Neo4j (default: bolt://127.0.0.1:7687; env NEO4J_URI); user and password "
    "from $NEO4J_USER / $NEO4J_PASSWORD.")
backend_option = click.option(
    "--backend", type=click.Choice(["memory", "neo4j"]), default="memory", show_default=True,
    envvar="VITA_BACKEND", help="memory: built from the dataset at start; neo4j: a loaded "
    "server (env VITA_BACKEND).")
imports_option = click.option(
    "--with-imports", "with_imports", is_flag=True, envvar="VITA_WITH_IMPORTS",
    help="Memory store: add your imports (`vita import`, kept in $VITA_USER_DATA) to the "
    "dataset (env VITA_WITH_IMPORTS=1).")
output_option = click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default="-",
    help="File to write (default: standard output).")
dialect_option = click.option(
    "--dialect", type=click.Choice(["rfc4180", "excel-fr"]), default="rfc4180",
    show_default=True, help="CSV: RFC 4180 (UTF-8, ',') or French Excel (UTF-8 with BOM, ';').")


def format_option(choices: Sequence[str], default: str):
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help="Output format.")


def store_options(command):
    """``--data``, ``--with-imports``, ``--backend`` and ``--neo4j-uri``: where a command reads."""
    for option in (neo4j_uri_option, backend_option, imports_option, data_option):
        command = option(command)
    return command


def open_dataset(data: Path | None, with_imports: bool = False, source: Path | None = None):
    """The dataset of ``data`` (default data/); with the user's imports only when asked."""
    from loaders.dataset import data_dir, load_dataset
    root = Path(data or data_dir())
    if not with_imports:
        return load_dataset(root, source)
    from loaders.imports.persistence import load_with_imports
    dataset, skipped = load_with_imports(root, source)
    for issue in skipped:
        click.echo(f"attention : import ignoré — {issue}", err=True)
    return dataset


def open_store(backend: str, data: Path | None, neo4j_uri: str | None,
               with_imports: bool = False, for_requests: bool = False):
    """The store a command reads: the memory store of the dataset, or a vita Neo4j (with the
    short timeouts of a request path when ``for_requests``: the explorer)."""
    if backend == "memory":
        from graph.memory_store import MemoryStore
        return MemoryStore(open_dataset(data, with_imports))
    from graph.neo4j.store import Neo4jStore
    return Neo4jStore.open_vita(neo4j_uri, for_requests)


def write_output(output: Path, payload: bytes | str, what: str, binary: bool = False) -> None:
    """Write to ``output`` (``-``: standard output; a binary format never to a terminal)."""
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    if str(output) == "-":
        stream = click.get_binary_stream("stdout")
        if binary and stream.isatty():
            raise InputError("ce format est binaire : indiquez un fichier avec --output")
        stream.write(data)
        stream.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"impossible d'écrire {output} : {exc.strerror or exc}") from exc
    click.echo(f"écrit dans {output} : {what}", err=True)
