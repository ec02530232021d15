"""vita's actors as data·inclusion *structures* (schema v1), and the schema's published rules.

data·inclusion is the national repository of the inclusion offer (GIP Plateforme de
l'inclusion). Its schema v1 ``Structure`` (package ``data-inclusion-schema`` 1.0.10,
``data_inclusion.schema.v1.structures``) requires ``source``, ``id``, ``nom`` and
``date_maj``; the fields vita fills besides are ``commune``, ``code_postal``, ``code_insee``,
``adresse``, ``telephone``, ``courriel``, ``description`` and ``reseaux_porteurs``.

Mapping choices:

- ``id`` is ``vita--<actor id>`` (the schema's "producer--local id" convention), ``source``
  is ``vita``;
- ``date_maj`` is the date the information describes: the recueil reports the VITA project
  as it stood when it ended, in April 2008 (``RECUEIL_DATE``) — vita's data is not fresher;
- ``nom`` is the actor's name without a final period (a rule of the schema); a name shorter
  than the schema's 3 characters (« E4 ») is completed with the kind's label;
- ``adresse`` is the printed address up to the postal code, which becomes ``code_postal``
  (or the commune's only postal code in the official geography); ``telephone`` and
  ``courriel`` are the first number / address printed (the schema wants one), the number in
  E.164 form (``+33…``) when it is a French one;
- ``reseaux_porteurs`` comes from the actor's kind: the data·inclusion slug kept beside each
  kind in ``graph/vocabulary.py`` when the published v1 list has it, else ``KIND_OVERRIDES``
  (an EPCI is carried by ``communes``, a préfecture by ``regions``…), else none.

``validate_structure`` checks a record against the published rules (required fields,
lengths, code formats, e-mail form, the ``reseaux_porteurs`` list, date bounds); messages
are in French.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Iterable, Mapping

from graph.store import ActorDetail, ActorRow
from graph.vocabulary import KINDS

SOURCE = "vita"
RECUEIL_DATE = date(2008, 4, 30)
FIELDS = ("source", "id", "nom", "date_maj", "description", "lien_source", "siret", "commune",
          "code_postal", "code_insee", "adresse", "complement_adresse", "longitude", "latitude",
          "telephone", "courriel", "site_web", "horaires_accueil", "accessibilite_lieu",
          "reseaux_porteurs")
REQUIRED = ("source", "id", "nom", "date_maj")

# data·inclusion schema v1 ``ReseauPorteur`` values (data-inclusion-schema 1.0.10)
PUBLISHED_RESEAUX_PORTEURS = frozenset("""
60000-rebonds action-logement adie afpa agefiph ai aidants-connect alliance-villes-emploi anlci
apprentis-dauteuil ase banques-alimentaires caarud cada caf campus-connecte
cap-emploi-reseau-cheops cava ccas-cias chambres-consulaires chantier-ecole chrs chu cidff cmp cms
cnam collectif-emploi communes coorace conseillers-numeriques cpam cph creches-avip crepi cresus
croix-rouge csapa delegataire-conseil-departemental departements duo-for-a-job
ecoles-de-la-deuxieme-chance ea eatt egee emmaus epide esat espaces-publics-numeriques etcld
fabrique-de-territoire face fcsf federation-professionnelle-femmes
federation-des-acteurs-de-la-solidarite france-active france-service france-travail french-tech
geiq grandes-ecoles-du-numerique huda hup inae initiative-france konexio la-cravate-solidaire
la-poste les-premieres maisons-de-l-emploi maison-departementale-de-lautonomie
maisons-des-solidarites mdph mission-locale mjc mobin msap mutualite-sociale-agricole nqt
pimms-mediation pjj plie points-conseil-budget points-justice positive-planet regions reseau-app
reseau-bge reseau-entreprendre reseau-information-jeunesse residences-fjt ressourceries
restos-du-coeur secours-populaire ei aci etti eiti siao simplon singa snc spip tous-tes-possibles
unaf unea unis-cite wimoov""".split())

# kinds whose vocabulary slug is not (or no longer) in the published list, or that have none
KIND_OVERRIDES = {"EPCI": "communes", "MSA": "mutualite-sociale-agricole", "PREF": "regions",
                  "RQ": None, "AFPA": "afpa", "CCONS": "chambres-consulaires", "CIDFF": "cidff"}

POSTAL = re.compile(r"(?:^|[\s,])(\d{2})\s?(\d{3})(?=\s+\D|\s*$)")
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
STRICT_EMAIL = re.compile(rf"^{EMAIL.pattern}$")
PHONE_SPLIT = re.compile(r"\s*(?:/|–|—|;|,| ou | - )\s*")
ONE_PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{5,24}$")
CODE_POSTAL = re.compile(r"^\d{5}$")
CODE_INSEE = re.compile(r"^\w{5}$")


def reseaux_porteurs(kind: str) -> list[str]:
    """The published ``reseaux_porteurs`` slugs for a vita kind (zero or one)."""
    slug = KIND_OVERRIDES[kind] if kind in KIND_OVERRIDES else KINDS[kind].reseau_porteur
    return [slug] if slug and slug in PUBLISHED_RESEAUX_PORTEURS else []


def _nom(row: ActorRow) -> str:
    name = row.name.strip()
    while name.endswith(".") and not name.endswith("etc."):
        name = name[:-1].rstrip()
    if len(name) < 3:
        name = f"{name} – {row.kind_label}"
    return name[:150]


def split_address(address: str | None) -> tuple[str | None, str | None]:
    """``"1, rue du Tribunal, 35600 Redon"`` → (``"1, rue du Tribunal"``, ``"35600"``)."""
    if not address:
        return None, None
    match = None
    for match in POSTAL.finditer(address):
        pass
    if match is None:
        return address.strip() or None, None
    street = address[:match.start()].strip(" ,;-/–—") or None
    return street, match.group(1) + match.group(2)


def first_phone(phone: str | None) -> str | None:
    """The first number printed, in E.164 form when it is a French one."""
    if not phone:
        return None
    first = PHONE_SPLIT.split(phone.strip())[0].strip()
    digits = re.sub(r"[^\d+]", "", first)
    if re.fullmatch(r"0[1-9]\d{8}", digits):
        return "+33" + digits[1:]
    if re.fullmatch(r"\+\d{8,15}", digits):
        return digits
    return first or None


def first_email(email: str | None) -> str | None:
    match = EMAIL.search(email or "")
    return match.group(0) if match else None


def _postal_code(row: ActorRow, printed: str | None, postal_codes: Mapping[str, dict]) -> str | None:
    if printed:
        return printed
    codes = (postal_codes.get(row.commune or "", {}).get("postal_codes") or "").split()
    return codes[0] if len(codes) == 1 else None


def structure(row: ActorRow, detail: ActorDetail | None = None,
              communes: Mapping[str, dict] | None = None,
              date_maj: date = RECUEIL_DATE) -> dict:
    """One data·inclusion v1 structure for an actor (fields without a value are left out);
    ``communes`` is the official geography's commune table, for postal codes."""
    contact = (detail.contact if detail else None) or {}
    street, printed_postal = split_address(contact.get("address"))
    description = (detail.description or "").strip() if detail else ""
    record = {
        "source": SOURCE, "id": f"{SOURCE}--{row.id}", "nom": _nom(row),
        "date_maj": date_maj.isoformat(),
        "description": description if len(description) >= 5 else None,
        "commune": row.commune_name, "code_postal": _postal_code(row, printed_postal, communes or {}),
        "code_insee": row.commune, "adresse": street,
        "telephone": first_phone(contact.get("phone")),
        "courriel": first_email(contact.get("email")),
        "reseaux_porteurs": reseaux_porteurs(row.kind) or None,
    }
    return {k: v for k, v in record.items() if v is not None}


def structures(rows: Iterable[ActorRow], details: Mapping[str, ActorDetail],
               communes: Mapping[str, dict] | None = None,
               date_maj: date = RECUEIL_DATE) -> list[dict]:
    return [structure(r, details.get(r.id), communes, date_maj) for r in rows]


# --- the published rules ----------------------------------------------------------------
def _text_length(record: dict, name: str, low: int, high: int) -> list[tuple[str, str]]:
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, str):
        return [(name, "doit être une chaîne de caractères")]
    if not low <= len(value) <= high:
        return [(name, f"doit compter entre {low} et {high} caractères (en a {len(value)})")]
    return []


def _check_date(value, today: date) -> list[tuple[str, str]]:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return [("date_maj", f"date invalide « {value} » (format AAAA-MM-JJ attendu)")]
    if day < date(2000, 1, 1):
        return [("date_maj", "doit être au XXIe siècle (2000-01-01 ou après)")]
    if day > today:
        return [("date_maj", "ne peut pas être dans le futur")]
    return []


def _check_formats(record: dict) -> list[tuple[str, str]]:
    problems = []
    for name, pattern, what in (("code_postal", CODE_POSTAL, "5 chiffres"),
                                ("code_insee", CODE_INSEE, "5 caractères (code INSEE)")):
        value = record.get(name)
        if value is not None and not (isinstance(value, str) and pattern.match(value)):
            problems.append((name, f"« {value} » n'est pas un code valide : {what} attendus"))
    email = record.get("courriel")
    if email is not None and not (isinstance(email, str) and STRICT_EMAIL.match(email)):
        problems.append(("courriel", f"« {email} » n'est pas une adresse électronique valide"))
    phone = record.get("telephone")
    if phone is not None and not (isinstance(phone, str) and ONE_PHONE.match(phone)):
        problems.append(("telephone", f"« {phone} » n'est pas un numéro de téléphone unique"))
    return problems


def _check_reseaux(value) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list) or len(set(map(str, value))) != len(value):
        return [("reseaux_porteurs", "doit être une liste de valeurs distinctes")]
    return [("reseaux_porteurs", f"valeur « {v} » absente du référentiel des réseaux porteurs")
            for v in value if v not in PUBLISHED_RESEAUX_PORTEURS]


def validate_structure(record: dict, today: date | None = None) -> list[tuple[str, str]]:
    """The published rules a structure breaks, as (field, message in French); empty if none."""
    problems = [(f, "champ requis manquant") for f in REQUIRED if not record.get(f)]
    problems += [(f, "champ inconnu du schéma data·inclusion v1") for f in record
                 if f not in FIELDS]
    nom = record.get("nom")
    problems += _text_length(record, "nom", 3, 150)
    if isinstance(nom, str) and nom.endswith(".") and not nom.endswith("etc."):
        problems.append(("nom", "ne doit pas se terminer par un point"))
    problems += _text_length(record, "description", 5, 10000)
    if record.get("date_maj"):
        problems += _check_date(record["date_maj"], today or date.today())
    problems += _check_formats(record)
    problems += _check_reseaux(record.get("reseaux_porteurs"))
    return problems


def validate_structures(records: Iterable[dict], today: date | None = None) -> list[str]:
    """Every problem of a list of structures, as ``<id>:<field>: message``; ids must be unique."""
    out, seen = [], set()
    for index, record in enumerate(records):
        name = str(record.get("id") or f"#{index + 1}")
        if name in seen:
            out.append(f"{name}:id: identifiant en double")
        seen.add(name)
        out += [f"{name}:{field}: {message}" for field, message in validate_structure(record, today)]
    return out
