"""The packages' import rules (issue 14), read from the code with ``ast``:

- ``graph`` (the library) imports neither ``loaders`` nor ``cli`` nor ``dashboard``;
- ``loaders`` imports neither ``dashboard`` nor ``cli``;
- ``dashboard`` does not import ``cli``;
- library code never calls ``sys.exit`` (errors are ``graph.errors`` exceptions).

Imports inside functions count as much as those at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"graph": {"loaders", "cli", "dashboard"}, "loaders": {"dashboard", "cli"},
             "dashboard": {"cli"}}


def imported_packages(path: Path) -> set[tuple[int, str]]:
    """(line, top-level package) of every import statement of a module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {(node.lineno, alias.name.split(".")[0]) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.lineno, node.module.split(".")[0]))
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_follow_the_layers(package):
    assert modules(package)
    broken = [f"{path.relative_to(ROOT)}:{line} imports {name}"
              for path in modules(package) for line, name in sorted(imported_packages(path))
              if name in FORBIDDEN[package]]
    assert broken == []


def test_the_rule_checker_sees_a_forbidden_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from loaders.dataset import load_dataset\n", encoding="utf-8")
    assert (2, "loaders") in imported_packages(module)


@pytest.mark.parametrize("package", ["graph", "loaders"])
def test_library_code_never_exits(package):
    calls = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in modules(package)
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Attribute) and node.attr == "exit"
             and isinstance(node.value, ast.Name) and node.value.id == "sys"]
    assert calls == []


def test_cli_modules_do_not_import_each_other_in_a_circle():
    """Command modules import cli.app / cli.options (and cli.dataset for the export group);
    nothing imports cli.main, which imports them all."""
    importers = {path.stem: {name for _, name in imported_full(path)} for path in modules("cli")}
    assert not [stem for stem, names in importers.items() if "cli.main" in names]


def imported_full(path: Path) -> set[tuple[int, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add((node.lineno, node.module))
            found |= {(node.lineno, f"{node.module}.{a.name}") for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {(node.lineno, a.name) for a in node.names}
    return found
