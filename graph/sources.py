"""Where a tie comes from: the recueil (a verbatim quote and its line) or a coordinator's import
(the source they gave, kept in the tie's ``evidence``). One home for telling them apart and for
citing them, used by the exports, the CLI and the explorer's cards.
"""

from __future__ import annotations

import os
from pathlib import Path

SOURCE_TEXT = "Recueil d'expériences VITA (COORACE, 2008)"
# The recueil's text ships in the repository (data/source/README.md: provenance, checksum).
DEFAULT_SOURCE = (Path(__file__).resolve().parent.parent / "data" / "source"
                  / "recueil-experiences-vita-2008.txt")


def source_path() -> Path:
    """The recueil's text: ``$VITA_SOURCE``, else the copy in the repository."""
    return Path(os.environ.get("VITA_SOURCE", DEFAULT_SOURCE))
# Sections written by `vita import` (loaders/imports): ``import-<name>``.
IMPORT_PREFIX = "import-"


def is_imported_section(section_id: str) -> bool:
    return section_id.startswith(IMPORT_PREFIX)


def is_imported(rel) -> bool:
    """A tie added by ``vita import``: its evidence field holds the source the user gave."""
    return is_imported_section(rel.section)


def citation(rel) -> str:
    """The quote of a curated tie, in French quotation marks; nothing for an imported one. A bare
    list item keeps its heading ("Financeurs : … Conseil Général du Morbihan,"), else the item
    alone would not say what the tie is."""
    if is_imported(rel):
        return ""
    context = getattr(rel, "context", None)
    heading = f"{context} … " if context else ""
    return f"« {heading}{rel.evidence} »"


def source_reference(rel) -> str:
    """The source to cite: the recueil and the line, or the import's source and its title."""
    if is_imported(rel):
        return f"{rel.evidence} ({rel.section_title})"
    return f"{SOURCE_TEXT}, ligne {rel.line}"
