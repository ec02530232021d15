"""Read the curated YAML in ``data/``, validate it whole, and build a ``Dataset``.

Nothing is returned unless everything is valid: ``load_dataset`` raises
``DatasetError`` carrying every problem found, each as ``file:record:field: message``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from graph.errors import InputError
from graph.sources import DEFAULT_SOURCE, source_path  # noqa: F401  (re-exported)
from graph.geography import Geography, load_geography
from graph.model import Actor, Dataset, Relation, Section, TerritoryRef, tie_ids
from loaders.schema import ActorRecord, ContextRecord, ExperienceRecord

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / "data"
# libyaml's safe loader when PyYAML has it (the same documents, parsed 5-10× faster).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_dir() -> Path:
    return Path(os.environ.get("VITA_DATA", DEFAULT_DATA))


@dataclass(frozen=True)
class Issue:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.record}:{self.field}: {self.message}"


class DatasetError(InputError):
    """Every problem of an invalid dataset (or import), each as ``file:record:field: message``;
    ``outcome`` is the closing line (``{n}``: the number of problems)."""

    exit_code = 1

    def __init__(self, issues: list[Issue], outcome: str = "{n} problem(s); nothing loaded."):
        self.issues = issues
        self.outcome = outcome
        super().__init__("\n".join(map(str, issues)))


@dataclass
class RawData:
    """Parsed, schema-checked records with the file each came from."""

    actors: dict[str, tuple[str, ActorRecord]]
    sections: dict[str, tuple[str, ExperienceRecord | ContextRecord]]


def _read_yaml(path: Path, root: Path, issues: list[Issue]):
    name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
    try:
        return name, yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        issues.append(Issue(name, where, "-", f"malformed YAML: {getattr(exc, 'problem', exc)}"))
    except (OSError, UnicodeDecodeError) as exc:
        issues.append(Issue(name, "-", "-", f"unreadable: {exc}"))
    return name, None


def _field_path(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "-"


def _check(model: type[BaseModel], data, file: str, record: str, issues: list[Issue]):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            issues.append(Issue(file, record, _field_path(err["loc"]), message))
    return None


def _record_name(data, index: int) -> str:
    return str(data.get("id")) if isinstance(data, dict) and data.get("id") else f"#{index + 1}"


def read_actors(root: Path, issues: list[Issue]) -> dict[str, tuple[str, ActorRecord]]:
    actors: dict[str, tuple[str, ActorRecord]] = {}
    for path in sorted((root / "actors").glob("*.yaml")):
        name, docs = _read_yaml(path, root, issues)
        if docs is None:
            continue
        if not isinstance(docs, list):
            issues.append(Issue(name, "-", "-", "expected a list of actors"))
            continue
        for index, data in enumerate(docs):
            record = _record_name(data, index)
            actor = _check(ActorRecord, data, name, record, issues)
            if actor is None:
                continue
            if actor.id in actors:
                issues.append(Issue(name, actor.id, "id",
                                    f"duplicate actor id (also in {actors[actor.id][0]})"))
                continue
            actors[actor.id] = (name, actor)
    return actors


def read_sections(root: Path, issues: list[Issue]):
    sections: dict[str, tuple[str, ExperienceRecord | ContextRecord]] = {}
    for folder, model in (("experiences", ExperienceRecord), ("context", ContextRecord)):
        for path in sorted((root / folder).glob("*.yaml")):
            name, data = _read_yaml(path, root, issues)
            if data is None:
                continue
            if not isinstance(data, dict):
                issues.append(Issue(name, "-", "-", "expected a mapping"))
                continue
            section = _check(model, data, name, str(data.get("id", path.stem)), issues)
            if section is None:
                continue
            if section.id != path.stem:
                issues.append(Issue(name, section.id, "id", f"must match the file name {path.stem!r}"))
            if section.id in sections:
                issues.append(Issue(name, section.id, "id",
                                    f"duplicate section id (also in {sections[section.id][0]})"))
                continue
            sections[section.id] = (name, section)
    return sections


def read_raw(root: Path) -> tuple[RawData, list[Issue]]:
    issues: list[Issue] = []
    for folder in ("actors", "experiences", "geography"):
        if not (root / folder).is_dir():
            issues.append(Issue(str(root), "-", "-", f"missing folder {folder}/"))
    if issues:
        return RawData({}, {}), issues
    return RawData(read_actors(root, issues), read_sections(root, issues)), issues


def load_dataset(root: Path | None = None, source: Path | None = None) -> Dataset:
    """Read, validate and build the dataset of the folder ``root`` (default: data/, or
    $VITA_DATA) — that folder only; raise ``DatasetError`` on any problem.

    When ``source`` is given (the recueil text), evidence quotes are checked too. The user's
    imports are not read: ``loaders.imports.persistence.load_with_imports`` adds them."""
    return load_dataset_and_geography(root, source)[0]


def load_dataset_and_geography(root: Path | None = None,
                               source: Path | None = None) -> tuple[Dataset, Geography]:
    """``load_dataset``, and the geography it was resolved with."""
    from loaders.validate import validate_raw  # cross-record checks

    root = Path(root or data_dir())
    raw, issues = read_raw(root)
    geography = load_geography(root / "geography") if not issues else None
    if geography is not None:
        issues += validate_raw(raw, geography, source)
    if issues:
        raise DatasetError(issues)
    return build_dataset(raw, geography), geography


def build_dataset(raw: RawData, geography: Geography) -> Dataset:
    actors = {aid: _actor(rec, geography) for aid, (_, rec) in raw.actors.items()}
    sections, relations = {}, []
    for sid, (_, rec) in raw.sections.items():
        sections[sid] = _section(rec)
        relations += _relations(rec)
    return Dataset(actors, sections, tuple(relations))


def _actor(rec: ActorRecord, geography: Geography) -> Actor:
    loc = rec.location
    return Actor(id=rec.id, name=rec.name, kind=rec.kind, acronym=rec.acronym,
                 aliases=tuple(rec.aliases),
                 place=geography.resolve(loc.commune, loc.departement, loc.region_2008, loc.epci),
                 contact=rec.contact.model_dump(exclude_none=True) if rec.contact else None,
                 description=rec.description, place_source=loc.place_source)


def _section(rec: ExperienceRecord | ContextRecord) -> Section:
    roles = {a.id: a.role for a in rec.actors}
    if isinstance(rec, ExperienceRecord):
        t = rec.territory
        return Section(rec.id, rec.title, rec.working_group, rec.source_lines, roles, rec.summary,
                       True, rec.lead,
                       TerritoryRef(tuple(t.communes), tuple(t.epci), tuple(t.pays),
                                    tuple(t.departements)),
                       tuple(sorted(set(rec.years))))
    return Section(rec.id, rec.title, rec.working_group, rec.source_lines, roles, rec.summary,
                   is_experience=False)


def _relations(rec: ExperienceRecord | ContextRecord) -> list[Relation]:
    ids = tie_ids(rec.id, ((r.source, r.type, r.target) for r in rec.relations))
    return [Relation(rid, r.source, r.target, r.type, r.status, rec.id, rec.working_group,
                     r.evidence, r.line, r.note, r.context and r.context.quote,
                     r.context and r.context.line) for rid, r in zip(ids, rec.relations)]
