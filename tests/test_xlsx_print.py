"""XLSX files print as they should, checked by LibreOffice Calc itself: opened headless,
converted to PDF, then read back with poppler (pdfinfo, pdftotext): A4 landscape, the title and
the header row on every page, every column on the page width, and no two words drawn over each
other (wrapped cells get row heights)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph import exports
from graph.memory_store import MemoryStore

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.DOTALL)


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: apt-get install libreoffice-calc-nogui poppler-utils " \
                 "(bash tools/run-tests installs them)"
    return path


def to_pdf(xlsx: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"       # a profile of its own: runs never share one
    subprocess.run([tool("soffice"), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (xlsx.stem + ".pdf")
    assert pdf.is_file()
    return pdf


def pages_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    html = subprocess.run([tool("pdftotext"), "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
            for page in PAGE.findall(html)]


def overlapping(words) -> list[tuple[str, str]]:
    """Pairs of words whose boxes share more than a third of the smaller one."""
    found = []
    ordered = sorted(words)
    for i, (x0, y0, x1, y1, w) in enumerate(ordered):
        for (u0, v0, u1, v1, other) in ordered[i + 1:]:
            if u0 >= x1:
                break
            dx, dy = min(x1, u1) - max(x0, u0), min(y1, v1) - max(y0, v0)
            smaller = min((x1 - x0) * (y1 - y0), (u1 - u0) * (v1 - v0))
            if dx > 0 and dy > 0 and dx * dy > smaller / 3:
                found.append((w, other))
    return found


@pytest.fixture(scope="module")
def partner_xlsx(shipped_dataset, tmp_path_factory) -> Path:
    store = MemoryStore(shipped_dataset)
    actor = max(store.actors(), key=lambda a: a.degree)       # the longest partner list
    path = tmp_path_factory.mktemp("print") / "partenaires.xlsx"
    path.write_bytes(exports.partners_file(exports.partner_list(store, actor.id), "xlsx"))
    return path


def test_the_workbook_carries_its_page_setup(partner_xlsx):
    sheet = load_workbook(partner_xlsx)["Partenaires"]
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text.startswith("Partenaires de ")
    wrapped = [row for row in range(2, sheet.max_row + 1)
               if any(c.alignment.wrap_text for c in sheet[row])]
    assert wrapped and all(sheet.row_dimensions[r].height > 15 for r in wrapped)


def test_libreoffice_prints_it_landscape_with_title_and_header_on_every_page(partner_xlsx,
                                                                           tmp_path):
    pdf = to_pdf(partner_xlsx, tmp_path)
    info = subprocess.run([tool("pdfinfo"), str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height                                            # landscape
    pages = pages_words(pdf)
    assert len(pages) >= 2                                           # a long list: several pages
    title = load_workbook(partner_xlsx)["Partenaires"].oddHeader.center.text
    for number, words in enumerate(pages, start=1):
        text = " ".join(w for *_, w in words)
        assert title.split(" — ")[0] in text, f"page {number} has no title"
        assert "Partenaire" in text and "Identifiant" in text, f"page {number} has no header row"
        right = max(x1 for _, _, x1, _, _ in words)
        assert right <= width, f"page {number}: a column is cut"
        assert overlapping(words) == [], f"page {number}: overlapping text"


def test_the_overlap_check_sees_overlapping_words():
    assert overlapping([(0, 0, 10, 10, "a"), (2, 2, 12, 12, "b")]) == [("a", "b")]
    assert overlapping([(0, 0, 10, 10, "a"), (11, 0, 20, 10, "b")]) == []
