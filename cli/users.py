"""``vita users``: the accounts of a team deployment (``dashboard/accounts.py``)."""

from __future__ import annotations

import click

from cli.app import main
from dashboard.accounts import ROLES, new_account, read_accounts, users_file, write_accounts
from graph.errors import NotFound


def accounts_or_exit() -> dict:
    """The accounts file's accounts (``InputError`` for a damaged file: one line, exit 2)."""
    return read_accounts()


@main.group("users")
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
    accounts[name] = new_account(name, role, password)     # InputError: one line, exit 2
    path = write_accounts(accounts)
    click.echo(f"account {name} ({role}) saved in {path}")


@users.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Remove the account NAME."""
    accounts = accounts_or_exit()
    if accounts.pop(name, None) is None:
        raise NotFound(f"pas de compte « {name} » dans {users_file()}")
    write_accounts(accounts)
    click.echo(f"account {name} removed")


@users.command("list")
def list_accounts() -> None:
    """Names and roles (never hashes)."""
    for account in sorted(accounts_or_exit().values(), key=lambda a: a.name):
        click.echo(f"{account.name}\t{account.role}")
