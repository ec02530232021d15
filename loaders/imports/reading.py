"""Reading the import spreadsheets: an XLSX workbook (sheets « acteurs » and « relations ») or
CSV files (one per sheet), into tables of text cells with their spreadsheet row numbers.

Every problem is an ``ImportFileError`` carrying ``file:sheet:row:column: message`` issues
(messages in French: they are shown to the coordinator who filled the sheet).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from graph.search import normalise
from loaders.dataset import DatasetError, Issue

SHEETS = ("acteurs", "relations")
MAX_ROWS = 100_000
# An XLSX is a ZIP: a 1 MB file can unpack to gigabytes (a "zip bomb"). The sizes its parts
# declare are checked before openpyxl reads anything (zipfile never inflates a part past its
# declared size). 100,000 rows of six columns take about 30 MiB of sheet XML (measured with
# tools/benchmark_imports.py --format xlsx), so the limits leave room for fuller rows.
MAX_XLSX_PART_BYTES = 100 * 2**20
MAX_XLSX_TOTAL_BYTES = 200 * 2**20
MAX_XLSX_PARTS = 1_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(DatasetError):
    """An import file that cannot be used; ``issues`` lists every problem found."""


def issue(file: str, sheet: str, row, column: str, message: str) -> Issue:
    """``file:sheet:row:column: message`` (``-`` where a part does not apply)."""
    return Issue(file, f"{sheet or '-'}:{row if row is not None else '-'}", column or "-", message)


def fail(file: str, sheet: str, row, column: str, message: str) -> ImportFileError:
    return ImportFileError([issue(file, sheet, row, column, message)])


@dataclass
class Table:
    file: str
    sheet: str
    header: list[str]                                   # normalised column names, in order
    raw_header: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)   # (row number, cells)


def column_key(text: str) -> str:
    """A header cell as a column name: « Autres noms » → ``autres_noms``."""
    return normalise(text).replace(" ", "_")


def cell_text(value) -> str:
    """A spreadsheet value as the text people typed (``38185.0`` → ``38185``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return str(value).strip()


def _table(file: str, sheet: str, rows) -> Table:
    """Rows of cell values (first = header) → a Table; empty rows are skipped."""
    iterator = iter(rows)
    header_cells = next(iterator, None)
    if header_cells is None or not any(cell_text(c) for c in header_cells):
        raise fail(file, sheet, 1, "-", "ligne d'en-tête vide : la première ligne doit nommer "
                                        "les colonnes")
    raw = [cell_text(c) for c in header_cells]
    table = Table(file, sheet, [column_key(c) for c in raw], raw)
    for number, cells in enumerate(iterator, start=2):
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue
        if len(table.rows) >= MAX_ROWS:
            raise fail(file, sheet, number, "-", f"trop de lignes (au plus {MAX_ROWS})")
        stray = [(i, t) for i, t in enumerate(texts) if t and (i >= len(raw) or not table.header[i])]
        if stray:
            raise fail(file, sheet, number, f"colonne {stray[0][0] + 1}",
                       f"valeur dans une colonne sans nom : « {stray[0][1][:40]} »")
        table.rows.append((number, {k: texts[i] if i < len(texts) else ""
                                    for i, k in enumerate(table.header) if k}))
    return table


# --- XLSX --------------------------------------------------------------------------------
def check_xlsx_sizes(path: Path) -> None:
    """``ImportFileError`` when a part of the workbook, or all of them, would unpack past the
    limits above; a file that is not a ZIP is left to openpyxl's own error."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return
    mib = 2**20
    if len(parts) > MAX_XLSX_PARTS:
        raise fail(path.name, "-", None, "-", f"classeur refusé : {len(parts)} parties (au plus "
                   f"{MAX_XLSX_PARTS})")
    for part in parts:
        if part.file_size > MAX_XLSX_PART_BYTES:
            raise fail(path.name, "-", None, "-", f"classeur refusé : la partie {part.filename} "
                       f"ferait {part.file_size / mib:.0f} Mio une fois décompressée (au plus "
                       f"{MAX_XLSX_PART_BYTES // mib} Mio)")
    total = sum(part.file_size for part in parts)
    if total > MAX_XLSX_TOTAL_BYTES:
        raise fail(path.name, "-", None, "-", f"classeur refusé : {total / mib:.0f} Mio une fois "
                   f"décompressé (au plus {MAX_XLSX_TOTAL_BYTES // mib} Mio)")


def read_xlsx(path: Path) -> dict[str, Table]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    name = path.name
    check_xlsx_sizes(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, EOFError,
            TypeError, IndexError) as exc:
        raise fail(name, "-", None, "-", f"classeur XLSX illisible ({type(exc).__name__}: "
                                         f"{exc}) ; enregistrez-le au format Excel .xlsx") from exc
    try:
        titles = {normalise(t): t for t in workbook.sheetnames}
        if "acteurs" not in titles:
            raise fail(name, "acteurs", None, "-", "feuille « acteurs » introuvable (feuilles du "
                       f"classeur : {', '.join(workbook.sheetnames) or 'aucune'})")
        return {sheet: _table(name, sheet, workbook[titles[sheet]].iter_rows(values_only=True))
                for sheet in SHEETS if sheet in titles}
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise fail(name, "-", None, "-", f"classeur XLSX illisible ({type(exc).__name__}: "
                                         f"{exc})") from exc
    finally:
        workbook.close()


# --- CSV ---------------------------------------------------------------------------------
def decode(data: bytes, name: str, sheet: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise fail(name, sheet, line, "-", f"encodage incorrect : le fichier n'est pas en UTF-8 "
                   f"(octet 0x{data[exc.start]:02X} en position {exc.start}) ; enregistrez-le "
                   "au format « CSV UTF-8 »") from exc


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=lambda d: (first.count(d), d == ";"))


def unneutralise(text: str) -> str:
    """Undo the ``'`` vita's exports put before a cell a spreadsheet would run as a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def parse_csv(text: str, name: str, sheet: str) -> Table:
    if "\x00" in text:
        raise fail(name, sheet, text[:text.index("\x00")].count("\n") + 1, "-",
                   "caractère nul dans le fichier : ce n'est pas un CSV texte")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows = []
    try:
        for cells in reader:
            rows.append([unneutralise(c) for c in cells])
            if len(rows) > MAX_ROWS + 1:
                raise fail(name, sheet, reader.line_num, "-", f"trop de lignes (au plus {MAX_ROWS})")
    except csv.Error as exc:
        raise fail(name, sheet, reader.line_num, "-", f"CSV mal formé : {exc}") from exc
    return _table(name, sheet, rows)


def sheet_of_name(path: Path) -> str | None:
    stem = normalise(path.stem)
    for sheet, word in (("acteurs", "acteur"), ("relations", "relation")):
        if word in stem:
            return sheet
    return None


def sheet_of_csv(path: Path, text: str) -> str:
    if sheet_of_name(path):
        return sheet_of_name(path)
    header = [column_key(c) for c in text.split("\n", 1)[0].replace(",", ";").split(";")]
    if "acteur_source" in header:
        return "relations"
    if "nom" in header:
        return "acteurs"
    raise fail(path.name, "-", None, "-", "feuille inconnue : nommez le fichier acteurs.csv ou "
                                          "relations.csv")


def read_csv_file(path: Path, sheet: str | None = None) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(path.name, sheet or "-", None, "-", f"fichier illisible : {exc}") from exc
    text = decode(data, path.name, sheet or sheet_of_name(path) or "-")
    sheet = sheet or sheet_of_csv(path, text)
    return parse_csv(text, path.name, sheet)


def read_tables(paths: list[Path]) -> dict[str, Table]:
    """The tables of an import given as one XLSX file, one folder (``acteurs.csv`` and
    ``relations.csv``) or CSV files."""
    if len(paths) == 1 and paths[0].is_dir():
        folder = paths[0]
        found = [folder / f"{s}.csv" for s in SHEETS if (folder / f"{s}.csv").is_file()]
        if not found:
            raise fail(folder.name, "acteurs", None, "-", "le dossier ne contient ni acteurs.csv "
                                                          "ni relations.csv")
        paths = found
    tables: dict[str, Table] = {}
    for path in paths:
        if not path.is_file():
            raise fail(path.name, "-", None, "-", "fichier introuvable")
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            if len(paths) > 1:
                raise fail(path.name, "-", None, "-", "un classeur XLSX s'importe seul")
            return read_xlsx(path)
        if path.suffix.lower() not in (".csv", ".txt"):
            raise fail(path.name, "-", None, "-", "format non reconnu : .xlsx ou .csv attendu")
        table = read_csv_file(path)
        if table.sheet in tables:
            raise fail(path.name, table.sheet, None, "-", f"deux fichiers pour la feuille "
                       f"« {table.sheet} » ({tables[table.sheet].file} et {path.name})")
        tables[table.sheet] = table
    if "acteurs" not in tables and "relations" not in tables:
        raise fail(paths[0].name if paths else "-", "acteurs", None, "-", "aucune feuille à importer")
    return tables
