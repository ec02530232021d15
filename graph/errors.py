"""The project's exceptions: library code raises these; the CLI and the explorer turn them into
one French line (and, for the CLI, an exit code) in one place each.

Every class carries a message written for people. Library code never calls ``sys.exit``.
"""

from __future__ import annotations


class VitaError(Exception):
    """Base of every error vita reports to a person."""

    exit_code = 1


class InputError(VitaError, ValueError):
    """Something a person typed or sent is not usable (a bad option, a too long search…)."""

    exit_code = 2


class NotFound(InputError):
    """A name or id that names nothing (an actor, a territory)."""


class Ambiguous(InputError):
    """A name that names several things; ``candidates`` lists them for the message."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()):
        super().__init__(message)
        self.candidates = candidates


class StoreUnavailable(VitaError):
    """The store does not answer (Neo4j down, unreachable, too slow)."""

    exit_code = 3
