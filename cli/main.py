"""The ``vita`` command line (entry point ``cli.main:main``).

How it is put together, and how to add a command:

- ``cli/app.py`` holds the ``vita`` group (``main``) and the one place errors become a French
  line and an exit code: library code raises ``graph.errors`` exceptions, never exits;
- ``cli/options.py`` holds the shared options (``--data``, ``--backend``, ``--neo4j-uri``,
  ``--with-imports``, ``--format``, ``--output``, ``--dialect``) and opening a store;
- each command module imports ``main`` from ``cli.app`` (and ``export`` from ``cli.dataset``
  for ``vita export …`` subcommands) and decorates its commands with ``@main.command()``;
- to add one (e.g. ``cli/peers.py`` for ``vita peers``), write the module and add its name to
  ``COMMAND_MODULES`` below; importing it registers its commands. Then run
  ``python3 tools/update_readme.py`` so the README's CLI reference shows it.
"""

from __future__ import annotations

import importlib

from cli.app import main

COMMAND_MODULES = ("cli.dataset", "cli.analysis", "cli.exchange", "cli.peers", "cli.users")

for _module in COMMAND_MODULES:
    importlib.import_module(_module)

__all__ = ["main", "COMMAND_MODULES"]

if __name__ == "__main__":
    main()
