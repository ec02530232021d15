"""``vita users``: the accounts of a team deployment (``dashboard/accounts.py``)."""

from __future__ import annotations

import sys

import click

from dashboard.accounts import ROLES, new_account, read_accounts, users_file, write_accounts
from graph.errors import InputError


def accounts_or_exit() -> dict:
    try:
        return read_accounts()
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)


@click.group("users")
def users() -> None:
    """Accounts of the explorer for a team (file: $VITA_USERS_FILE, default
    <user data folder>/users.json; salted password hashes only)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(list(ROLES)), default="lecteur", show_default=True,
              help="lecteur: explore and export; coordinateur: also import.")
@click.password_option("--password", prompt="Mot de passe", confirmation_prompt=True,
                       envvar="VITA_NEW_PASSWORD",
                       help="Asked for when not given ($VITA_NEW_PASSWORD for scripts).")
def add(name: str, role: str, password: str) -> None:
    """Add the account NAME, or change its role and password."""
    accounts = accounts_or_exit()
    try:
        accounts[name] = new_account(name, role, password)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    path = write_accounts(accounts)
    click.echo(f"account {name} ({role}) saved in {path}")


@users.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Remove the account NAME."""
    accounts = accounts_or_exit()
    if accounts.pop(name, None) is None:
        click.echo(f"error: no account {name!r} in {users_file()}", err=True)
        sys.exit(1)
    write_accounts(accounts)
    click.echo(f"account {name} removed")


@users.command("list")
def list_accounts() -> None:
    """Names and roles (never hashes)."""
    for account in sorted(accounts_or_exit().values(), key=lambda a: a.name):
        click.echo(f"{account.name}\t{account.role}")


def register(group: click.Group) -> None:
    group.add_command(users)
