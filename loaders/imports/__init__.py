"""Spreadsheet imports: a coordinator adds their own network (see docs/exchange.md).

``plan_import`` reads the files (``reading``), checks every row (``rows``), resolves each
actor against the dataset (``resolution``) and builds the ``ImportRecord`` to keep
(``persistence``); nothing is written. ``save_import`` keeps a clean plan in the user data
folder, which ``persistence.load_with_imports`` merges into the dataset the stores load;
``graph.neo4j.loader.load_import`` writes it to Neo4j in one transaction.

An import is named after its file (``mon-reseau.xlsx`` → ``import-mon-reseau``): importing a
file again replaces what the previous import of that name added, so importing the same file
twice changes nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.geography import Geography, load_geography
from graph.model import Dataset
from graph.territory import slugify
from loaders.dataset import DatasetError, Issue, load_dataset_and_geography
from loaders.imports.persistence import (IMPORT_PREFIX, ImportRecord, merge_record,
                                         merge_user_imports, user_data_dir, write_record)
from loaders.imports.reading import ImportFileError, Table, read_tables
from loaders.imports.resolution import ActorOutcome, Resolution, Tie, resolve
from loaders.imports.rows import actor_draft, check_header, tie_draft

__all__ = ["ImportFileError", "ImportPlan", "plan_import", "save_import", "import_name",
           "base_dataset", "user_data_dir"]


@dataclass
class ImportPlan:
    id: str
    title: str
    file: str
    root: Path
    resolution: Resolution = field(default_factory=Resolution)
    issues: list[Issue] = field(default_factory=list)
    record: ImportRecord | None = None
    dataset: Dataset | None = None     # the dataset with this import merged (when clean)
    skipped: list[Issue] = field(default_factory=list)   # damaged earlier imports left out

    def outcomes(self, action: str) -> list[ActorOutcome]:
        return [o for o in self.resolution.actors if o.action == action]

    @property
    def ties(self) -> list[Tie]:
        return self.resolution.ties


def import_name(paths: list[Path], name: str | None = None) -> tuple[str, str]:
    """(``import-<slug>``, display name) from ``name``, else from the file (or folder) name
    without the sheet words: ``mon-reseau-acteurs.csv`` → ``import-mon-reseau``."""
    if not name:
        first = paths[0]
        stem = first.name if first.is_dir() else first.stem
        name = re.sub(r"(?i)(^|[\s_-])(acteurs?|relations?)(?=$|[\s_-])", " ", stem)
        name = name.strip(" _-")
        if not slugify(name) and not first.is_dir():
            name = first.resolve().parent.name
    slug = slugify(name)[:60].strip("-") or "sans-nom"
    return IMPORT_PREFIX + slug, name.strip() or slug


def base_dataset(root: Path, exclude_import: str,
                 user_dir: Path | None = None) -> tuple[Dataset, list[Issue]]:
    """The dataset with every import except ``exclude_import``: what an import resolves against
    (so that importing a file again does not find the actors its previous import created);
    and the problems of the damaged imports left out (each alone)."""
    dataset, geography = load_dataset_and_geography(root)
    return merge_user_imports(dataset, root, geography, frozenset({exclude_import}), user_dir)


def _drafts(tables: dict[str, Table], geography: Geography):
    issues, actors, ties = [], [], []
    for table in tables.values():
        issues += check_header(table)
    if issues:
        raise ImportFileError(issues)
    for number, cells in tables["acteurs"].rows if "acteurs" in tables else []:
        draft, problems = actor_draft(tables["acteurs"], number, cells, geography)
        issues += problems
        actors += [draft] if draft else []
    for number, cells in tables["relations"].rows if "relations" in tables else []:
        draft, problems = tie_draft(tables["relations"], number, cells)
        issues += problems
        ties += [draft] if draft else []
    return actors, ties, issues


def _record(plan: ImportPlan, resolution: Resolution) -> ImportRecord:
    created, members = [], {}
    for outcome in resolution.actors:
        d = outcome.draft
        if outcome.action == "create":
            created.append({"id": outcome.actor_id, "name": d.name, "acronym": d.acronym,
                            "aliases": list(d.aliases), "kind": d.kind, "location": d.location,
                            "contact": d.contact or None, "description": d.description})
        if outcome.actor_id:
            members.setdefault(outcome.actor_id, "partner")
    for tie in resolution.ties:
        members.setdefault(tie.source, "partner")
        members.setdefault(tie.target, "partner")
    return ImportRecord.model_validate({
        "id": plan.id, "title": plan.title, "file": plan.file, "dataset": str(plan.root),
        "actors": created, "members": [{"id": m, "role": r} for m, r in members.items()],
        "relations": [{"source": t.source, "type": t.type, "target": t.target,
                       "status": t.status, "reference": t.reference, "note": t.note}
                      for t in resolution.ties]})


def plan_import(paths: list[Path], root: Path, name: str | None = None,
                user_dir: Path | None = None) -> ImportPlan:
    """Read, check and resolve an import; ``ImportFileError`` when the files cannot be read
    or their columns are wrong; otherwise a plan whose ``issues`` lists every row problem and
    conflict (the plan is clean, and can be saved, when it has none)."""
    root = Path(root).resolve()
    tables = read_tables(paths)
    file = ", ".join(sorted({t.file for t in tables.values()}))
    ident, display = import_name(paths, name)
    plan = ImportPlan(ident, f"Import « {display} »", file, root)
    geography = load_geography(root / "geography")
    actors, ties, plan.issues = _drafts(tables, geography)
    base, plan.skipped = base_dataset(root, plan.id, user_dir)
    plan.resolution = resolve(base, file, actors, ties)
    plan.issues += plan.resolution.issues
    if not plan.issues:
        plan.record = _record(plan, plan.resolution)
        try:
            plan.dataset = merge_record(base, plan.record, geography, file)
        except DatasetError as exc:       # a bug if it happens: the rows were checked
            plan.issues += exc.issues
    return plan


def save_import(plan: ImportPlan, user_dir: Path | None = None) -> tuple[Path, bool]:
    """Keep a clean plan in the user data folder; returns (file, changed)."""
    if plan.issues or plan.record is None:
        raise ValueError("an import with problems cannot be saved")
    return write_record(plan.record, user_dir)
