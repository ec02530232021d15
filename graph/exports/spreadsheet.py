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
import math
from typing import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

DIALECTS = ("rfc4180", "excel-fr")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Column widths in characters: longer texts wrap, so that a printed page holds every column.
MIN_WIDTH, MAX_WIDTH, WRAP_FROM = 8, 40, 38
LINE_HEIGHT = 15     # points per line of 11-point text
CHARS_PER_WIDTH = 1.1
TOP = Alignment(vertical="top")
WRAPPED = Alignment(wrap_text=True, vertical="top")
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


def _write_cells(sheet, rows: Rows, columns: Sequence[str]) -> list[int]:
    """Header and rows; returns the longest line of each column (in characters)."""
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(c)) for c in columns]
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = _clean(row.get(column))
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"     # text, even when it starts with "=": never a formula
            longest = max((len(line) for line in str(value).splitlines()), default=0)
            widths[c - 1] = max(widths[c - 1], longest)
    return widths


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (a width unit
    holds about 1.1 characters of proportional text; rounding down keeps a margin)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH) - 2)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def _fit_rows(sheet, longest: list[int], widths: list[float]) -> None:
    """Wrap long texts and give each row the height of its tallest cell: a spreadsheet program
    does not compute it for a file it did not write, and the rows then overlap in print."""
    wrapped = {c for c, length in enumerate(longest, start=1) if length > WRAP_FROM}
    for r, cells in enumerate(sheet.iter_rows(), start=1):
        lines = 1
        for c, cell in enumerate(cells, start=1):
            if r > 1:
                cell.alignment = WRAPPED if c in wrapped else TOP
            if cell.value is not None and (c in wrapped or r == 1):
                lines = max(lines, wrapped_lines(cell.value, widths[c - 1]))
        sheet.row_dimensions[r].height = LINE_HEIGHT * lines + 2


def _print_setup(sheet, title: str) -> None:
    """Printable as it is: A4 landscape, all columns on the page width, the header row on every
    page, the title and page numbers in the page header and footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0           # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddFooter.right.text = "&P / &N"


def _write_sheet(sheet, rows: Rows, columns: Sequence[str], title: str = "vita") -> None:
    longest = _write_cells(sheet, rows, columns)
    widths = [max(MIN_WIDTH, min(MAX_WIDTH, w + 2)) for w in longest]
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    _fit_rows(sheet, longest, widths)
    _print_setup(sheet, title)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}{max(1, len(rows) + 1)}"


def xlsx_bytes(sheets: Mapping[str, Rows], columns: Mapping[str, Sequence[str]] | None = None,
               title: str = "vita") -> bytes:
    """A workbook with one sheet per entry of ``sheets`` (name → rows): a bold header row,
    frozen, with filters on and column widths fitted to the content (8 to 60 characters,
    longer texts wrapped, rows as tall as their text), set up to print (``_print_setup``)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "vita"
    workbook.properties.title = title
    for name, rows in sheets.items():
        cols = list((columns or {}).get(name) or (rows[0].keys() if rows else []))
        _write_sheet(workbook.create_sheet(name[:31]), rows, cols, f"{title} — {name}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
