"""Every evidence quote occurs verbatim in the source, at or near its stated line."""

from __future__ import annotations

from loaders.evidence import LINE_TOLERANCE, SourceText, load_source, normalise, quote_near


def test_normalise_joins_lines_and_drops_end_of_line_hyphens():
    assert normalise("Les entreprises convention-\nnées  IAE") == "Les entreprises conventionnées IAE"
    assert normalise("Rhône-\nAlpes") == "Rhône- Alpes"   # a capital after the break: a real hyphen
    assert normalise("l’Emploi\u00a0«\u00a0VITA\u00a0»") == 'l\'Emploi " VITA "'


def test_source_lines_are_found_through_blank_lines_and_hyphens():
    source = SourceText.from_lines(["un mot coupé en fin de li-", "", "gne suivante", "autre ligne"])
    assert source.find_lines("coupé en fin de ligne suivante") == [1]
    assert source.find_lines("ligne suivante autre") == [1]     # "li-gne" starts on line 1
    assert source.find_lines("suivante autre ligne") == [3]
    assert source.find_lines("autre ligne") == [4]
    assert quote_near(source, "autre ligne", 2, tolerance=1) == (False, [4])


def test_every_quote_is_in_the_source_near_its_line(shipped_dataset, source_file):
    source = load_source(source_file)
    misplaced = []
    for rel in shipped_dataset.relations:
        ok, found = quote_near(source, rel.evidence, rel.line)
        if not ok:
            misplaced.append(f"{rel.id}: line {rel.line}, found at {found}: {rel.evidence[:70]!r}")
    assert misplaced == [], "\n".join(misplaced)
    assert len(shipped_dataset.relations) > 500


def test_every_quote_lies_in_its_section(shipped_dataset):
    outside = [r.id for r in shipped_dataset.relations
               if not (shipped_dataset.sections[r.section].source_lines[0] - LINE_TOLERANCE
                       <= r.line <= shipped_dataset.sections[r.section].source_lines[1] + LINE_TOLERANCE)]
    assert outside == []


def test_quotes_are_short(shipped_dataset):
    assert max(len(r.evidence) for r in shipped_dataset.relations) <= 300


def test_every_heading_is_in_the_source_near_its_line_and_above_its_quote(shipped_dataset,
                                                                          source_file):
    from loaders.rules import MAX_HEADING_DISTANCE
    source = load_source(source_file)
    headed = [r for r in shipped_dataset.relations if r.context]
    wrong = [f"{r.id}: heading line {r.context_line}, found at {source.find_lines(r.context)}"
             for r in headed if not quote_near(source, r.context, r.context_line)[0]
             or not 0 <= r.line - r.context_line <= MAX_HEADING_DISTANCE]
    assert wrong == [], "\n".join(wrong)
    assert len(headed) > 100
