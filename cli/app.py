"""The ``vita`` group, and the one place errors become a French line and an exit code.

Library code raises the exceptions of ``graph/errors.py`` (an invalid dataset raises
``loaders.dataset.DatasetError``, a ``VitaError`` listing every problem); ``VitaGroup.invoke``
catches them for every command and subcommand: one line ``erreur : …`` on standard error and
the exception's ``exit_code`` (1 failure or invalid dataset, 2 bad input — unknown or
ambiguous name, bad value —, 3 store unavailable). A Neo4j driver error that escaped the
adapter becomes a ``StoreUnavailable`` line too. Nothing else calls ``sys.exit``.
"""

from __future__ import annotations

import click

from graph.errors import StoreUnavailable, VitaError


def _issues_of(exc: VitaError):
    return getattr(exc, "issues", None)


def report(exc: VitaError) -> int:
    """Print ``exc`` for a person (every problem of an invalid dataset, one per line)."""
    issues = _issues_of(exc)
    if issues:
        for issue in issues:
            click.echo(str(issue), err=True)
        outcome = getattr(exc, "outcome", "{n} problem(s); nothing loaded.")
        click.echo(outcome.format(n=len(issues)), err=True)
    else:
        click.echo(f"erreur : {exc}", err=True)
    return exc.exit_code


def as_vita_error(exc: Exception) -> VitaError | None:
    """A driver error vita did not translate where it happened (the Neo4j package's errors),
    as a ``StoreUnavailable``; ``None`` for anything else (a bug: let it show)."""
    if type(exc).__module__.split(".")[0] == "neo4j":
        return StoreUnavailable(f"Neo4j a échoué : {exc}")
    return None


class VitaGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VitaError as exc:
            ctx.exit(report(exc))
        except Exception as exc:
            translated = as_vita_error(exc)
            if translated is None:
                raise
            ctx.exit(report(translated))


@click.group(cls=VitaGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """vita: explore the partnership networks of the VITA experiences (COORACE, 2008)."""
