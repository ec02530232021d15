"""The closed vocabularies of vita, with their French labels.

Actor kinds follow the French inclusion ecosystem: the data·inclusion v0
``typologie`` codes and the kinds of *les emplois de l'inclusion* where one fits
(each kind keeps the data·inclusion v1 ``reseaux_porteurs`` slug beside it, for
exports); vita adds its own codes only for what those lack (they are marked
``own=True``). ``family`` is the coarse group used for colours and filters.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    code: str
    label: str
    colour: str  # Okabe–Ito / Tol palette: distinguishable with colour-blindness
    shape: str   # a second channel besides colour, for cytoscape nodes

    @property
    def node_label(self) -> str:
        """The Neo4j label of the family's actors beside ``Actor``: ``siae`` → ``Siae``,
        ``local_authority`` → ``LocalAuthority``."""
        return "".join(part.title() for part in self.code.split("_"))


FAMILIES: dict[str, Family] = {f.code: f for f in [
    Family("siae", "Structures de l'IAE", "#0072B2", "ellipse"),
    Family("local_authority", "Collectivités territoriales", "#E69F00", "round-rectangle"),
    Family("plie_mde", "PLIE et Maisons de l'emploi", "#009E73", "diamond"),
    Family("employment_service", "Service public de l'emploi", "#56B4E9", "triangle"),
    Family("network", "Réseaux et fédérations", "#CC79A7", "hexagon"),
    Family("state", "État et services de l'État", "#D55E00", "rectangle"),
    Family("training", "Formation et recherche", "#F0E442", "pentagon"),
    Family("consular", "Chambres consulaires", "#882255", "vee"),
    Family("funder", "Financeurs et programmes", "#44AA99", "star"),
    Family("company", "Entreprises", "#332288", "rhomboid"),
    Family("association", "Associations et structures de l'ESS", "#999933", "octagon"),
    Family("other", "Autres", "#888888", "tag"),
]}


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    family: str
    reseau_porteur: str = ""   # data·inclusion v1 slug, when one exists
    own: bool = False          # True when the code is vita's, not the ecosystem's


_KINDS = [
    # Structures de l'insertion par l'activité économique
    Kind("AI", "Association intermédiaire", "siae", "ai"),
    Kind("ACI", "Atelier et chantier d'insertion", "siae", "aci"),
    Kind("EI", "Entreprise d'insertion", "siae", "ei"),
    Kind("ETTI", "Entreprise de travail temporaire d'insertion", "siae", "etti"),
    Kind("EITI", "Entreprise d'insertion par le travail indépendant", "siae", "eiti"),
    Kind("GEIQ", "Groupement d'employeurs pour l'insertion et la qualification", "siae", "geiq"),
    Kind("RQ", "Régie de quartier", "siae", "regies-de-quartier"),
    Kind("ENSEMBLIER", "Ensemblier d'insertion", "siae", own=True),
    Kind("EA", "Entreprise adaptée", "company", "ea"),
    # Collectivités
    Kind("MUNI", "Commune", "local_authority", "communes"),
    Kind("EPCI", "Intercommunalité (EPCI)", "local_authority", "epci"),
    Kind("PAYS", "Pays ou syndicat mixte de territoire", "local_authority", own=True),
    Kind("CD", "Conseil général (départemental)", "local_authority", "departements"),
    Kind("REG", "Conseil régional", "local_authority", "regions"),
    Kind("CCAS", "Centre communal d'action sociale", "local_authority", "ccas-cias"),
    # a council's own service, not the council (a commission locale d'insertion, a maison
    # départementale de la solidarité): family of its council, no data·inclusion code of its own
    Kind("SERVICE_CD", "Service départemental (Conseil général)", "local_authority", own=True),
    # PLIE, Maisons de l'emploi, missions locales
    Kind("PLIE", "Plan local pour l'insertion et l'emploi", "plie_mde", "plie"),
    Kind("MDE", "Maison de l'emploi", "plie_mde", "maisons-de-l-emploi"),
    Kind("ML", "Mission locale", "employment_service", "mission-locale"),
    # Service public de l'emploi et protection sociale
    Kind("FT", "ANPE / Pôle emploi / France Travail", "employment_service", "france-travail"),
    Kind("CAP_EMPLOI", "Cap emploi", "employment_service", "cap-emploi-reseau-cheops"),
    Kind("ASSEDIC", "Assédic / Unédic (assurance chômage)", "employment_service", own=True),
    Kind("CAF", "Caisse d'allocations familiales", "state", "caf"),
    Kind("CPAM", "Caisse primaire d'assurance maladie", "state", "cpam"),
    Kind("MSA", "Mutualité sociale agricole", "state", "msa"),
    # État
    Kind("ETAT", "Administration centrale de l'État", "state"),
    Kind("PREF", "Préfecture", "state"),
    Kind("DEETS", "Service déconcentré du travail et de l'emploi (DDTEFP, DRTEFP)", "state"),
    Kind("ETAT_LOCAL", "Autre service déconcentré de l'État", "state", own=True),
    Kind("ETAB_PUBLIC", "Établissement public", "state", own=True),
    # Formation, recherche
    Kind("OF", "Organisme de formation", "training"),
    Kind("AFPA", "AFPA", "training"),
    Kind("UNIV", "Université, école ou centre de recherche", "training", own=True),
    # Chambres consulaires
    Kind("CCONS", "Chambre consulaire (CCI, CMA, agriculture)", "consular"),
    # Réseaux
    Kind("RESEAU_NAT", "Réseau ou fédération nationale", "network", own=True),
    Kind("RESEAU_REG", "Réseau ou fédération régionale / départementale", "network", own=True),
    Kind("ORG_PRO", "Organisation professionnelle ou syndicale", "network", own=True),
    # a network's brand or label that member structures adopt (Proxim'Services, a COORACE brand):
    # not a federation of its own
    Kind("MARQUE", "Marque ou label d'un réseau", "network", own=True),
    # Financeurs, programmes
    Kind("FINANCEUR", "Financeur (fondation, banque, fonds)", "funder", own=True),
    Kind("OPCA", "Organisme collecteur de la formation (OPCA)", "funder", own=True),
    Kind("PROGRAMME", "Programme ou dispositif", "funder", own=True),
    Kind("UE", "Union européenne", "funder", own=True),
    # Entreprises, conseil
    Kind("ENTREPRISE", "Entreprise", "company", own=True),
    Kind("BAILLEUR", "Bailleur social", "company", own=True),
    Kind("CONSEIL", "Cabinet de conseil ou d'expertise", "company", own=True),
    # Associations, ESS
    Kind("ASSO", "Association", "association"),
    Kind("ESS", "Structure de l'économie sociale et solidaire", "association"),
    Kind("SAP", "Structure de services à la personne", "association", own=True),
    Kind("CIDFF", "Centre d'information sur les droits des femmes et des familles", "association"),
    Kind("AUTRE", "Autre", "other", own=True),
]
KINDS: dict[str, Kind] = {k.code: k for k in _KINDS}


@dataclass(frozen=True)
class RelationType:
    code: str
    label: str          # French, read as "source <label> target"
    definition: str
    symmetric: bool = False


RELATION_TYPES: dict[str, RelationType] = {r.code: r for r in [
    RelationType("MEMBER_OF", "est membre de",
                 "adhère à un réseau, une fédération, un groupement, un collectif"),
    RelationType("PART_OF", "fait partie de",
                 "antenne, établissement ou structure d'un ensemble (groupe, organisme national)"),
    RelationType("PARTNER_OF", "est partenaire de",
                 "partenariat ou coopération sans autre précision", symmetric=True),
    RelationType("FUNDS", "finance", "subvention, cofinancement, aide financière"),
    RelationType("HOSTS", "accueille",
                 "héberge une permanence, partage ses locaux, accueille dans un pôle"),
    RelationType("COORDINATES", "coordonne / anime",
                 "pilote, anime ou coordonne un collectif, un projet, une action"),
    RelationType("SUPPORTS", "accompagne / appuie",
                 "accompagnement, expertise, conseil, appui technique"),
    RelationType("CREATED", "a créé", "a fondé ou initié la création"),
    RelationType("MANAGES", "porte / gère",
                 "porte juridiquement ou gère un dispositif, une structure, un service"),
    RelationType("CONTRACTS_WITH", "contracte avec",
                 "convention, marché public, commande, sous-traitance (source = donneur d'ordre)"),
    RelationType("SITS_ON", "siège à",
                 "membre d'un conseil d'administration, comité de pilotage, jury"),
    RelationType("PARTICIPATES_IN", "participe à",
                 "prend part à un programme, un dispositif, une démarche portée par la cible"),
    RelationType("REFERS_TO", "oriente vers",
                 "prescrit ou oriente des personnes vers la cible"),
]}


STATUSES: dict[str, str] = {
    "actual": "effectif",
    "planned": "prévu",
    "requested": "demandé",
    "refused_or_ended": "refusé ou terminé",
}

# Statuses of a tie that is not (or no longer) a partnership: similarity and the territory
# indicators leave these ties out.
IGNORED_STATUSES: tuple[str, ...] = ("refused_or_ended",)

ROLES: dict[str, str] = {
    "lead": "porteur",
    "partner": "partenaire",
    "mentioned": "cité",
}


@dataclass(frozen=True)
class WorkingGroup:
    code: str
    label: str


WORKING_GROUPS: dict[str, WorkingGroup] = {w.code: w for w in [
    WorkingGroup("poles-territoriaux", "Pôles de développement territorial"),
    WorkingGroup("commande-publique", "Commande publique responsable"),
    WorkingGroup("services-proximite", "Services de proximité, emploi et territoire"),
    WorkingGroup("egalite-femmes-hommes", "Égalité des chances femmes / hommes et territoire"),
    WorkingGroup("creation-activites", "Spécificités de l'IAE dans la création d'activités"),
]}


def kind_label(code: str) -> str:
    return KINDS[code].label


def family_of(kind_code: str) -> str:
    return KINDS[kind_code].family
