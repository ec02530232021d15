"""CLI commands for similar actors and territory indicators (issue 5)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this module's commands to the ``vita`` group."""
