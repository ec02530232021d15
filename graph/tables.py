"""Flat tables (lists of dicts) of the store's content, for CSV/JSON exports."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from graph.store import GraphStore

LIST_SEPARATOR = " | "


def _flat(value):
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(map(str, value))
    return "" if value is None else value


def actors_table(store: GraphStore) -> list[dict]:
    out = []
    rows = store.actors()
    details = store.actor_details([r.id for r in rows])
    for row in rows:
        detail = details[row.id]
        contact = detail.contact or {}
        record = {k: v for k, v in asdict(row).items()}
        record["experiences"] = record.pop("sections")
        record.update(address=contact.get("address"), phone=contact.get("phone"),
                      email=contact.get("email"), website=contact.get("website"),
                      description=detail.description)
        out.append(record)
    return out


def relations_table(store: GraphStore) -> list[dict]:
    out = []
    for row in store.relations():
        record = asdict(row)
        record["experience"] = record.pop("section")
        record["experience_title"] = record.pop("section_title")
        record["source_line"] = record.pop("line")
        out.append(record)
    return out


def experiences_table(store: GraphStore) -> list[dict]:
    out = []
    for row in store.sections():
        if not row.is_experience:
            continue
        record = asdict(row)
        del record["is_experience"]
        out.append(record)
    return out


TABLES = {"actors": actors_table, "relations": relations_table, "experiences": experiences_table}


def to_csv(records: list[dict]) -> str:
    """RFC 4180 CSV; list values joined with `` | ``."""
    if not records:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: _flat(v) for k, v in r.items()} for r in records)
    return buffer.getvalue()


def to_json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
