"""Rows (lists of dicts with French headers) → CSV or XLSX bytes, safe to open in a spreadsheet.

CSV comes in two dialects: ``rfc4180`` (UTF-8 without BOM, ``,``, CRLF: RFC 4180) and
``excel-fr`` (UTF-8 with BOM, ``;``, CRLF: what a French Excel opens as columns). In both,
and in XLSX, a text cell a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) is neutralised: CSV cells get a leading ``'``,
XLSX cells are written as explicit text cells (never formulas).
"""

from __future__ import annotations

import csv
import io
from typing import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

DIALECTS = ("rfc4180", "excel-fr")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH, MAX_WIDTH, WRAP_FROM = 8, 60, 60
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")

Rows = Sequence[Mapping[str, object]]


def neutralise(value):
    """A text a spreadsheet would evaluate gets a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell_text(value) -> object:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " | ".join(map(str, value))
    return value


def csv_bytes(rows: Rows, dialect: str = "rfc4180", columns: Sequence[str] | None = None) -> bytes:
    """CSV of ``rows`` (header from ``columns`` or the first row's keys); see module doc."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")
    columns = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dialect == "excel-fr" else ",",
                        lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise(_cell_text(row.get(c))) for c in columns])
    text = buffer.getvalue()
    return (("\ufeff" + text) if dialect == "excel-fr" else text).encode("utf-8")


def _clean(value):
    value = _cell_text(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _write_sheet(sheet, rows: Rows, columns: Sequence[str]) -> None:
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    widths = [len(str(c)) for c in columns]
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = _clean(row.get(column))
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"     # text, even when it starts with "=": never a formula
            longest = max((len(line) for line in str(value).splitlines()), default=0)
            widths[c - 1] = max(widths[c - 1], longest)
    for c, width in enumerate(widths, start=1):
        letter = get_column_letter(c)
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        if width > WRAP_FROM:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{max(1, len(rows) + 1)}"


def xlsx_bytes(sheets: Mapping[str, Rows], columns: Mapping[str, Sequence[str]] | None = None,
               title: str = "vita") -> bytes:
    """A workbook with one sheet per entry of ``sheets`` (name → rows): a bold header row,
    frozen, with filters on and column widths fitted to the content (8 to 60 characters,
    longer texts wrapped)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "vita"
    workbook.properties.title = title
    for name, rows in sheets.items():
        cols = list((columns or {}).get(name) or (rows[0].keys() if rows else []))
        _write_sheet(workbook.create_sheet(name[:31]), rows, cols)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
