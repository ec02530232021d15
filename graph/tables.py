"""Flat tables (lists of dicts) of the store's content, for CSV/JSON exports."""

from __future__ import annotations

import json
from dataclasses import asdict

from graph.exports.spreadsheet import csv_bytes
from graph.store import GraphStore

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
    """RFC 4180 CSV through the one spreadsheet writer (list values joined with `` | ``,
    formulas neutralised); nothing at all for no records."""
    return csv_bytes(records).decode("utf-8") if records else ""


def to_json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


RECORD_FORMATS = ("csv", "json")


def render_records(records: list[dict], fmt: str) -> str:
    """Flat records as ``csv`` or ``json`` text: the one writer of the CLI's tables."""
    if fmt == "csv":
        return to_csv(records)
    if fmt == "json":
        return to_json(records)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(RECORD_FORMATS)}")
