"""Imports kept in the user data folder, and merged into the dataset the stores load.

The folder is ``$VITA_USER_DATA``, else ``$XDG_DATA_HOME/vita``, else ``~/.local/share/vita``;
each import is one YAML file ``imports/<import id>.yaml`` (an ``ImportRecord``): the actors it
created (curated-actor schema), every actor it involves, its ties (with the ``reference``
the coordinator gave instead of an evidence quote) and the dataset folder it was resolved
against — it is merged only into that dataset.

An import file cannot be half-read: it is written atomically (a temporary file in the same
folder, flushed to disk with ``fsync``, then renamed over the old one) and ends with a marker
line carrying the SHA-256 of everything before it (``END_MARKER``). A file without the marker,
or whose content does not match it (cut off, edited, damaged), is reported with its name and
skipped alone: the other imports and the shipped data still load.

In the ``Dataset``, an import is a context section ``import-<name>`` (title « Import : … »,
no working group, source lines 0–0); its ties carry the reference as ``evidence`` and
``line`` 0 (``graph.sources.is_imported`` tells them apart).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, ValidationError

from graph.geography import Geography
from graph.model import Dataset, Relation, Section, tie_ids
from graph.sources import IMPORT_PREFIX
from graph.errors import InputError
from loaders.dataset import DatasetError, Issue, _actor, load_dataset_and_geography
from loaders.schema import ActorRecord, Record, Slug, TieRecord



def user_data_dir() -> Path:
    if os.environ.get("VITA_USER_DATA"):
        return Path(os.environ["VITA_USER_DATA"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "vita"


END_MARKER = "# vita import end sha256="


def imports_dir(user_dir: Path | None = None) -> Path:
    """The folder of the imports; ``InputError`` when that path exists but is not a folder."""
    folder = (user_dir or user_data_dir()) / "imports"
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} n'est pas un dossier : vita y range les imports "
                         "(déplacez ce fichier, ou changez VITA_USER_DATA)")
    return folder


def seal(text: str) -> str:
    """``text`` followed by the end marker carrying its SHA-256."""
    return f"{text}{END_MARKER}{hashlib.sha256(text.encode('utf-8')).hexdigest()}\n"


def unseal(text: str) -> str:
    """The content of a sealed file; ``ValueError`` saying why when it is cut off or altered."""
    body, found, digest = text.rpartition(END_MARKER)
    if not found:
        raise ValueError("fichier incomplet (marque de fin absente) : importez à nouveau le "
                         "fichier d'origine")
    if digest.strip() != hashlib.sha256(body.encode("utf-8")).hexdigest():
        raise ValueError("fichier altéré (somme de contrôle différente) : importez à nouveau le "
                         "fichier d'origine")
    return body


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` all at once: readers see the old file or the new one."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     suffix=".tmp") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)          # the rename itself survives a crash
    finally:
        os.close(directory)


class Member(Record):
    id: Slug
    role: str = "partner"


class ImportedTie(TieRecord):
    """An imported tie: a source given by the coordinator instead of an evidence quote."""

    reference: Annotated[str, Field(min_length=3, max_length=500)]


class ImportRecord(Record):
    id: Annotated[str, Field(pattern=r"^import-[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
    title: str
    file: str
    dataset: str
    actors: list[ActorRecord] = []
    members: list[Member] = []
    relations: list[ImportedTie] = []
    # audit line of an import made from the explorer: who (account name) and when (UTC, ISO)
    imported_by: str | None = None
    imported_at: str | None = None


def dump(record: ImportRecord) -> str:
    data = record.model_dump(exclude_none=True, exclude_defaults=False)
    for actor in data["actors"]:
        for key in [k for k, v in actor.items() if v in ([], {}, None)]:
            del actor[key]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_record(record: ImportRecord, user_dir: Path | None = None) -> tuple[Path, bool]:
    """Save atomically; returns (path, changed) — unchanged content is not rewritten."""
    folder = imports_dir(user_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path, text = folder / f"{record.id}.yaml", seal(dump(record))
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path, False
    write_atomically(path, text)
    return path, True


def read_records(folder: Path) -> tuple[list[tuple[str, ImportRecord]], list[Issue]]:
    """Every ``*.yaml`` import of ``folder`` (by name), with the problems of unusable ones."""
    records, issues = [], []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        name = str(path)
        try:
            data = yaml.safe_load(unseal(path.read_text(encoding="utf-8")))
            records.append((name, ImportRecord.model_validate(data)))
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "-"
                issues.append(Issue(name, path.stem, where, err["msg"]))
        except (OSError, UnicodeError, ValueError, yaml.YAMLError) as exc:
            issues.append(Issue(name, "-", "-", f"import illisible : {exc}"))
    return records, issues


def _check_references(name: str, record: ImportRecord, dataset: Dataset) -> list[Issue]:
    issues = []
    created = {a.id for a in record.actors}
    for index, actor in enumerate(record.actors):
        if actor.id in dataset.actors:
            issues.append(Issue(name, record.id, f"actors.{index}.id",
                                f"actor id {actor.id!r} already exists in the dataset"))
    known = created | set(dataset.actors)
    for index, member in enumerate(record.members):
        if member.id not in known:
            issues.append(Issue(name, record.id, f"members.{index}.id",
                                f"unknown actor {member.id!r}"))
    members = {m.id for m in record.members}
    for index, tie in enumerate(record.relations):
        for end in ("source", "target"):
            if getattr(tie, end) not in members:
                issues.append(Issue(name, record.id, f"relations.{index}.{end}",
                                    f"{getattr(tie, end)!r} is not among this import's members"))
    if record.id in dataset.sections:
        issues.append(Issue(name, record.id, "id", "section id already used"))
    return issues


def merge_record(dataset: Dataset, record: ImportRecord, geography: Geography,
                 name: str = "-") -> Dataset:
    """The dataset with one import added; ``DatasetError`` if it does not fit."""
    issues = _check_references(name, record, dataset)
    places = []
    for index, actor in enumerate(record.actors):
        try:
            places.append(_actor(actor, geography))
        except (KeyError, ValueError) as exc:
            issues.append(Issue(name, record.id, f"actors.{index}.location", f"bad place: {exc}"))
    if issues:
        raise DatasetError(issues)
    actors = {**dataset.actors, **{a.id: a for a in places}}
    section = Section(record.id, record.title, None, (0, 0), {m.id: m.role for m in record.members},
                      summary=f"Données importées depuis {record.file}.", is_experience=False)
    ids = tie_ids(record.id, ((t.source, t.type, t.target) for t in record.relations))
    relations = [Relation(rid, tie.source, tie.target, tie.type, tie.status, record.id, None,
                          tie.reference, 0, tie.note) for rid, tie in zip(ids, record.relations)]
    return replace(dataset, actors=actors, sections={**dataset.sections, record.id: section},
                   relations=dataset.relations + tuple(relations))


def same_dataset(record: ImportRecord, root: Path) -> bool:
    return Path(record.dataset) == root.resolve()


def merge_user_imports(dataset: Dataset, root: Path, geography: Geography,
                       exclude: frozenset[str] = frozenset(),
                       user_dir: Path | None = None) -> tuple[Dataset, list[Issue]]:
    """The dataset with every usable import of the user data folder resolved against ``root``
    (except the ids in ``exclude``), and the problems of the imports skipped: an unusable
    import is left out alone, the others still merge."""
    records, issues = read_records(imports_dir(user_dir))
    for name, record in records:
        if record.id in exclude or not same_dataset(record, root):
            continue
        try:
            dataset = merge_record(dataset, record, geography, name)
        except DatasetError as exc:
            issues += exc.issues
    return dataset, issues


def load_with_imports(root: Path, source: Path | None = None,
                      user_dir: Path | None = None) -> tuple[Dataset, list[Issue]]:
    """The dataset of ``root`` with the user's imports, and the problems of the imports it had
    to skip (each names its file). An invalid dataset still raises ``DatasetError``."""
    dataset, geography = load_dataset_and_geography(root, source)
    return merge_user_imports(dataset, Path(root), geography, user_dir=user_dir)
