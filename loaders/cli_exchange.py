"""CLI commands for partner lists, territory exports and spreadsheet imports (issue 6)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this module's commands to the ``vita`` group."""
