"""Writes the import template: ``vita-import.xlsx`` (sheets lisez-moi, acteurs, relations,
codes) and ``acteurs.csv`` / ``relations.csv`` (French Excel dialect: UTF-8 with BOM, ``;``),
each with the same worked example. Run ``python3 templates/build_template.py`` after changing
the columns (loaders/imports/rows.py) or the vocabularies; tests/test_imports.py checks that
the shipped files match what this script writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Font  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402

from graph.exports.spreadsheet import _write_sheet, csv_bytes  # noqa: E402
from graph.vocabulary import KINDS, RELATION_TYPES, STATUSES  # noqa: E402
from loaders.imports.rows import ACTOR_COLUMNS, RELATION_COLUMNS  # noqa: E402

ACTORS = [
    {"identifiant": "collines", "nom": "Chantier d'insertion des Collines (exemple)",
     "type": "ACI", "commune": "Romans-sur-Isère", "departement": "26",
     "adresse": "12 rue de l'Exemple, 26100 Romans-sur-Isère", "telephone": "04 75 00 00 01",
     "courriel": "contact@collines.example.org",
     "description": "Atelier et chantier d'insertion fictif : l'exemple du modèle d'import."},
    {"identifiant": "ressourcerie", "nom": "Ressourcerie du Nord Drôme (exemple)",
     "sigle": "RND", "autres_noms": "La Ressourcerie | Ressourcerie de Bourg-de-Péage",
     "type": "Association", "commune": "Bourg-de-Péage", "departement": "Drôme"},
    {"nom": "ARCHER", "type": "ENSEMBLIER", "departement": "26"},
    {"nom": "Conseil Général de la Drôme", "type": "Conseil général (départemental)",
     "departement": "26"},
]
RELATIONS = [
    {"acteur_source": "ARCHER", "type": "SUPPORTS", "acteur_cible": "collines",
     "statut": "effectif", "source": "Convention d'accompagnement 2024 (exemple)"},
    {"acteur_source": "Conseil Général de la Drôme", "type": "finance",
     "acteur_cible": "collines", "statut": "prévu",
     "source": "Délibération de la commission permanente, juin 2024 (exemple)"},
    {"acteur_source": "collines", "type": "PARTNER_OF", "acteur_cible": "ressourcerie",
     "statut": "actual", "source": "Entretien avec la coordinatrice, mars 2024 (exemple)",
     "note": "Échange de matériaux de réemploi."},
    {"acteur_source": "RND", "type": "MEMBER_OF", "acteur_cible": "coorace",
     "statut": "", "source": "Liste des adhérents publiée par le réseau (exemple)"},
]
README = [
    "Modèle d'import vita — ajoutez votre propre réseau",
    "",
    "Remplissez la feuille « acteurs » (une ligne par structure) et la feuille « relations » "
    "(une ligne par lien entre deux structures), puis lancez :  vita import mon-reseau.xlsx "
    "--dry-run  (vérification, rien n'est enregistré), puis sans --dry-run.",
    "Les lignes d'exemple (marquées « exemple ») sont à remplacer par les vôtres.",
    "",
    "Feuille acteurs — colonnes obligatoires : nom, type.",
    "  identifiant : une référence libre pour la feuille relations ; ou l'identifiant d'un "
    "acteur de vita pour fusionner la ligne avec lui.",
    "  type : un code ou un libellé de la feuille « codes » (par exemple ACI ou « Atelier et "
    "chantier d'insertion »).",
    "  commune (code INSEE ou nom), departement (code ou nom), region (région de 2008, code ou "
    "nom) : le lieu le plus précis connu.",
    "  autres_noms : séparés par « | ».  adresse, telephone, courriel, site_web, description : "
    "facultatifs.",
    "Un acteur déjà présent dans vita (même nom, sigle ou autre nom, même département) est "
    "fusionné avec lui, pas recréé ; si le type diffère, l'import signale un conflit.",
    "",
    "Feuille relations — colonnes obligatoires : acteur_source, type, acteur_cible, source.",
    "  acteur_source / acteur_cible : l'identifiant, le nom ou le sigle d'une ligne de la "
    "feuille acteurs, ou l'identifiant d'un acteur de vita (par exemple coorace).",
    "  type : un code ou un libellé de relation (feuille « codes »), lu « source <type> cible ».",
    "  statut : effectif (par défaut), prévu, demandé, refusé ou terminé.",
    "  source : où ce lien est établi (document, date, personne) — elle remplace la citation du "
    "recueil.  note : facultative.",
    "",
    "Importer à nouveau le même fichier ne change rien ; un fichier modifié remplace l'import "
    "précédent du même nom. Documentation : docs/exchange.md.",
]


def codes_rows() -> list[dict]:
    rows = [{"liste": "type d'acteur", "code": k.code, "libellé": k.label} for k in KINDS.values()]
    rows += [{"liste": "type de relation", "code": t.code, "libellé": t.label,
              "définition": t.definition} for t in RELATION_TYPES.values()]
    rows += [{"liste": "statut", "code": code, "libellé": label} for code, label in STATUSES.items()]
    return rows


def _dropdown(sheet, column: int, first: int, last: int) -> None:
    """A list of codes to pick from, that still accepts a label typed by hand."""
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[column - 1]
    check = DataValidation(type="list", formula1=f"=codes!$B${first}:$B${last}",
                           showErrorMessage=False, allow_blank=True)
    check.add(f"{letter}2:{letter}1000")
    sheet.add_data_validation(check)


def workbook() -> Workbook:
    book = Workbook()
    readme = book.active
    readme.title = "lisez-moi"
    for line in README:
        readme.append([line])
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 120
    for row in readme.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    _write_sheet(book.create_sheet("acteurs"), ACTORS, ACTOR_COLUMNS)
    _write_sheet(book.create_sheet("relations"), RELATIONS, RELATION_COLUMNS)
    codes = codes_rows()
    _write_sheet(book.create_sheet("codes"), codes, ["liste", "code", "libellé", "définition"])
    kinds, types = len(KINDS), len(RELATION_TYPES)
    _dropdown(book["acteurs"], ACTOR_COLUMNS.index("type") + 1, 2, 1 + kinds)
    _dropdown(book["relations"], RELATION_COLUMNS.index("type") + 1, 2 + kinds, 1 + kinds + types)
    book.properties.creator = "vita"
    book.properties.title = "Modèle d'import vita"
    return book


def build(folder: Path = HERE) -> list[Path]:
    paths = [folder / "vita-import.xlsx", folder / "acteurs.csv", folder / "relations.csv"]
    workbook().save(paths[0])
    paths[1].write_bytes(csv_bytes(ACTORS, "excel-fr", ACTOR_COLUMNS))
    paths[2].write_bytes(csv_bytes(RELATIONS, "excel-fr", RELATION_COLUMNS))
    return paths


if __name__ == "__main__":
    for path in build():
        print(f"wrote {path}")
