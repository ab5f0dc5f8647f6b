"""The documented schema of every kind of own export (UWV, SBB, DUO, KVK/LISA).

One :class:`Schema` per kind: its columns (with accepted header names, type and unit),
which columns identify a row (for the duplicate check), whether gemeente rows may be
added up to arbeidsmarktregio's, the publisher and the dashboards it comes from.
``docs/eigen-data.md`` is generated from these schemas by :func:`schema_docs`, and a
test keeps the two in sync.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Column", "Schema", "SCHEMAS", "KINDS", "CATEGORIES", "spanning_category",
           "PERIOD_FORMATS", "MAX_ISSUES", "schema_docs"]

#: Accepted spellings per period type, shown in messages and documentation.
PERIOD_FORMATS = {
    "kwartaal": "2025Q2, 2025-Q2, 2025 kwartaal 2 of 2025KW02",
    "maand": "2025-06, 2025M06 of 2025MM06",
    "jaar": "2025",
    "schooljaar": "2023/2024, 2023-2024 of 2023/'24",
}

#: Issues kept per file; the rest are counted in one closing line, so a file of a million
#: bad rows gives a short message, not a million lines.
MAX_ISSUES = 20

#: Spanningsindicator categories of UWV, from ruim to krap.
CATEGORIES: tuple[str, ...] = ("zeer ruim", "ruim", "gemiddeld", "krap", "zeer krap")


def spanning_category(value: float) -> str:
    """The UWV category of a spanningsindicator value.

    Bounds: ``< 0,25`` zeer ruim, ``0,25–< 0,67`` ruim, ``0,67–1,5`` gemiddeld,
    ``> 1,5–4,0`` krap, ``> 4,0`` zeer krap. So 0,25 is ruim, 0,67 gemiddeld, 1,5
    gemiddeld and 4,0 krap.
    """
    if value < 0.25:
        return "zeer ruim"
    if value < 0.67:
        return "ruim"
    if value <= 1.5:
        return "gemiddeld"
    if value <= 4.0:
        return "krap"
    return "zeer krap"


@dataclass(frozen=True)
class Column:
    """One column of an export file.

    ``type`` is ``region``, ``period:<kind>`` (kind ``kwartaal``, ``maand``, ``jaar``,
    ``schooljaar`` or ``any``), ``text``, ``count`` (a whole number ≥ 0), ``ratio``
    (a number ≥ 0) or ``percent`` (0–100).
    """

    name: str
    type: str
    description: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    unit: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        """Every accepted header spelling (lower case)."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Schema:
    """What one kind of export looks like."""

    kind: str
    title: str
    publisher: str                      # used in the source line: "Bron: UWV, eigen export …"
    columns: tuple[Column, ...]
    key: tuple[str, ...]                # columns that identify a row (duplicate check)
    prefixes: tuple[str, ...]           # file name prefixes that select this kind
    sources: tuple[tuple[str, str], ...]  # (name, url) from Bijlage 1 of the handreiking
    gemeenten: bool = False             # gemeente rows are summed to arbeidsmarktregio's
    notes: str = ""

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.kind} has no column {name!r}")

    @property
    def period_column(self) -> Column | None:
        return next((c for c in self.columns if c.type.startswith("period:")), None)

    @property
    def value_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.type in ("count", "ratio", "percent"))


def _regio(gemeenten: bool) -> Column:
    extra = " of gemeente (code GMxxxx of naam; wordt opgeteld tot arbeidsmarktregio)" if gemeenten else ""
    return Column(
        "regio", "region",
        "arbeidsmarktregio (code AMxx of naam zoals CBS die schrijft), 'Nederland'" + extra,
        aliases=("arbeidsmarktregio", "region", "regionaam", "regiocode", "gemeente",
                 "gemeentenaam", "gemeentecode"),
    )


def _periode(kind: str, required: bool = True, name: str = "periode") -> Column:
    label = "maand, kwartaal of jaar" if kind == "any" else kind
    formats = ("; ".join(f"{k}: {v}" for k, v in PERIOD_FORMATS.items() if k != "schooljaar")
               if kind == "any" else PERIOD_FORMATS[kind])
    return Column(name, f"period:{kind}", f"{label} ({formats})",
                  aliases=("periode", "kwartaal", "maand", "jaar", "peildatum", "period"),
                  required=required)


def _aantal(description: str, name: str = "aantal", required: bool = True,
            aliases: tuple[str, ...] = ("count", "totaal aantal", "personen")) -> Column:
    return Column(name, "count", description, aliases=aliases, required=required, unit="aantal")


def _uwv_by_kenmerk(kind: str, title: str, examples: str, counted: str, dashboard: str) -> Schema:
    """GWU and WW share one shape: counts per kenmerk, per period, with a 'Totaal' row."""
    return Schema(
        kind=kind, title=title, publisher="UWV",
        columns=(_regio(True), _periode("any"),
                 Column("kenmerk", "text", f"groep of kenmerk, bijv. 'Totaal', {examples}; "
                        "de rij 'Totaal' is de noemer voor aandelen",
                        aliases=("groep", "categorie", "kenmerken")),
                 _aantal(counted)),
        key=("regio", "periode", "kenmerk"),
        prefixes=(kind,),
        sources=((dashboard, "https://www.werk.nl/arbeidsmarktinformatie/dashboards"), _UWV_RIB),
        gemeenten=True,
    )


_UWV_DASHBOARDS = ("UWV arbeidsmarktinformatie, dashboards",
                   "https://www.werk.nl/arbeidsmarktinformatie/dashboards")
_UWV_RIB = ("UWV Regio in Beeld", "https://www.werk.nl/arbeidsmarktinformatie/regio-in-beeld")

SCHEMAS: dict[str, Schema] = {s.kind: s for s in (
    Schema(
        kind="spanningsindicator",
        title="UWV spanningsindicator per beroepsklasse",
        publisher="UWV",
        columns=(
            _regio(False),
            _periode("kwartaal"),
            Column("beroepsklasse", "text",
                   "beroepsklasse van UWV; de rij 'Totaal' is de regio als geheel (voor de trend)",
                   aliases=("beroep", "beroepsgroep", "beroepsklasse (uwv)")),
            Column("spanningsindicator", "ratio",
                   "openstaande vacatures per WW-uitkering korter dan zes maanden, eind kwartaal",
                   aliases=("waarde", "spanning", "indicator", "value"), unit="verhouding"),
        ),
        key=("regio", "periode", "beroepsklasse"),
        prefixes=("spanningsindicator", "spanning"),
        sources=(("UWV dashboard Spanningsindicator",
                  "https://www.werk.nl/arbeidsmarktinformatie/dashboards/spanningsindicator"),
                 _UWV_RIB),
        notes="Categorieën: < 0,25 zeer ruim; 0,25 tot 0,67 ruim; 0,67 tot en met 1,5 gemiddeld; "
              "boven 1,5 tot en met 4,0 krap; boven 4,0 zeer krap. Niet te vergelijken met de "
              "CBS-krapte (vacatures per 100 werklozen).",
    ),
    Schema(
        kind="kansrijke_beroepen",
        title="UWV kansrijke beroepen",
        publisher="UWV",
        columns=(
            _regio(False),
            Column("beroep", "text", "naam van het beroep", aliases=("beroepsnaam", "occupation")),
            Column("niveau", "text", "opleidingsniveau, bijv. 'mbo 2', 'mbo 3-4', 'hbo', 'wo'",
                   aliases=("opleidingsniveau", "beroepsniveau", "level")),
            _aantal("aantal vacatures of werkzoekenden dat UWV bij het beroep noemt (mag leeg)",
                    required=False, aliases=("vacatures", "count")),
        ),
        key=("regio", "beroep", "niveau"),
        prefixes=("kansrijke_beroepen", "kansrijke-beroepen", "kansrijk"),
        sources=(("UWV kansrijke beroepen", "https://www.werk.nl/arbeidsmarktinformatie/kansrijke-beroepen"),
                 _UWV_RIB, ("SBB Kans op werk", "https://www.kansopwerk.nl")),
    ),
    _uwv_by_kenmerk("gwu", "UWV geregistreerd werkzoekenden (GWU) naar kenmerk",
                    "'50 jaar of ouder', 'WW', 'bijstand'", "aantal geregistreerd werkzoekenden (15–75 jaar)",
                    "UWV dashboard Geregistreerd werkzoekenden"),
    _uwv_by_kenmerk("ww", "UWV WW-uitkeringen naar kenmerk", "'jonger dan 27 jaar', '50 jaar of ouder'",
                    "aantal lopende WW-uitkeringen", "UWV dashboard WW-uitkeringen"),
    Schema(
        kind="vacatures",
        title="UWV vacatures naar sector of beroepsklasse",
        publisher="UWV",
        columns=(_regio(True), _periode("any"),
                 Column("sector", "text", "sector of beroepsklasse; de rij 'Totaal' is de noemer",
                        aliases=("beroepsklasse", "branche", "bedrijfstak")),
                 _aantal("aantal (openstaande of ontstane) vacatures", aliases=("vacatures", "count"))),
        key=("regio", "periode", "sector"),
        prefixes=("vacatures",),
        sources=(_UWV_DASHBOARDS, _UWV_RIB),
        gemeenten=True,
    ),
    Schema(
        kind="leerbanen",
        title="SBB leerbanen en erkende leerbedrijven naar sector",
        publisher="SBB",
        columns=(_regio(True), _periode("any", required=False),
                 Column("sector", "text", "SBB-sectorkamer of sector",
                        aliases=("sectorkamer", "branche")),
                 _aantal("aantal openstaande leerbanen (bbl en bol)", name="leerbanen",
                         aliases=("aantal leerbanen", "openstaande leerbanen", "aantal")),
                 _aantal("aantal erkende leerbedrijven (mag ontbreken)", name="leerbedrijven",
                         required=False, aliases=("erkende leerbedrijven", "aantal leerbedrijven"))),
        key=("regio", "periode", "sector"),
        prefixes=("leerbanen", "leerbedrijven"),
        sources=(("SBB onderzoek en dashboards", "https://www.s-bb.nl/onderzoek"),
                 ("Stagemarkt (SBB)", "https://www.stagemarkt.nl"),
                 ("SBB Kans op werk", "https://www.kansopwerk.nl")),
        gemeenten=True,
    ),
    Schema(
        kind="vsv",
        title="DUO voortijdig schoolverlaters (vsv)",
        publisher="DUO",
        columns=(_regio(True), _periode("schooljaar", name="schooljaar"),
                 _aantal("aantal nieuwe voortijdig schoolverlaters",
                         aliases=("vsv", "vsv'ers", "aantal vsv", "count")),
                 _aantal("aantal deelnemers (noemer; nodig om gemeenten op te tellen)",
                         name="deelnemers", required=False, aliases=("leerlingen", "studenten")),
                 Column("percentage", "percent", "vsv-percentage (aantal / deelnemers × 100)",
                        aliases=("vsv-percentage", "percentage vsv", "rate"), required=False, unit="%")),
        key=("regio", "schooljaar"),
        prefixes=("vsv",),
        sources=(("DUO/OCW VSV-verkenner", "https://www.vsvverkenner.nl"),
                 ("DUO open onderwijsdata", "https://duo.nl/open_onderwijsdata/")),
        gemeenten=True,
        notes="Gemeenterijen worden opgeteld met de gemeente-indeling van het beginjaar van het "
              "schooljaar (teldatum 1 oktober). Het percentage van een opgetelde regio wordt "
              "opnieuw berekend uit aantal en deelnemers; zonder deelnemers blijft het leeg.",
    ),
    Schema(
        kind="vestigingen",
        title="KVK/LISA vestigingen naar sector",
        publisher="KVK/LISA",
        columns=(_regio(True), _periode("any", required=False),
                 Column("sector", "text", "sector (bijv. SBI-sectie); de rij 'Totaal' is de noemer",
                        aliases=("sbi", "branche", "bedrijfstak")),
                 _aantal("aantal vestigingen", aliases=("vestigingen", "count"))),
        key=("regio", "periode", "sector"),
        prefixes=("vestigingen", "lisa", "kvk"),
        sources=(("KVK regiodashboards", "https://www.kvk.nl"),
                 ("LISA vestigingen en banen", "https://www.lisa.nl")),
        gemeenten=True,
    ),
)}

KINDS: tuple[str, ...] = tuple(SCHEMAS)

_TYPE_DOC = {
    "region": "regio", "text": "tekst", "count": "heel getal ≥ 0", "ratio": "getal ≥ 0",
    "percent": "percentage 0–100",
}


def _type_doc(col: Column) -> str:
    if col.type.startswith("period:"):
        return "periode"
    return _TYPE_DOC[col.type]


def schema_docs() -> str:
    """The Dutch Markdown of ``docs/eigen-data.md``, generated from :data:`SCHEMAS`."""
    lines = [
        "# Eigen data: exports van UWV, SBB, DUO en KVK/LISA",
        "",
        "<!-- Gegenereerd uit lib/regiobeeld/sources/dropins/schemas.py (schema_docs); niet met de hand wijzigen. -->",
        "",
        "Veel bronnen uit Bijlage 1 van de handreiking zijn dashboards zonder API. Download de",
        "cijfers als Excel (.xlsx) of CSV en zet het bestand in de map voor eigen data. Standaard is",
        "dat `<cache>/eigen-data` (naast de cache); een andere map kiest u met `REGIOBEELD_DROPINS`.",
        "Lege sjablonen met voorbeeldrijen maakt u met `regiobeeld eigen-data sjablonen MAP`.",
        "",
        "## Algemene regels",
        "",
        "- **Soort bestand**: de naam begint met de soort, bijv. `spanningsindicator_2025Q2.xlsx`,",
        "  `vsv_2024.csv`. Lukt dat niet, zet dan `# soort: vsv` in een commentaarregel bovenaan.",
        "  Staan er meer bestanden van één soort, dan gebruikt regiobeeld het bestand waarvan de naam",
        "  alfabetisch als laatste komt. Bestanden die met `sjabloon` beginnen worden overgeslagen.",
        "- **Kopregel**: de eerste regel met een kolom `regio` (of een andere toegestane naam) is de",
        "  kopregel; regels daarboven (titels van het dashboard) worden overgeslagen. Hoofdletters en",
        "  spaties in kolomnamen tellen niet. Extra kolommen worden genegeerd.",
        "- **Commentaar**: regels die met `#` beginnen worden overgeslagen.",
        "- **CSV**: scheidingsteken `;` of `,`; UTF-8 (met of zonder BOM), UTF-16 of Windows-1252.",
        f"- **Fouten**: een bestand met fouten wordt niet gebruikt; de eerste {MAX_ISSUES} fouten staan in de",
        "  melding (met bestand, rij en kolom), de rest wordt geteld.",
        "- **Grote bestanden**: een CSV wordt in delen gelezen en gecontroleerd; ook een bestand van",
        "  miljoenen rijen past zo in het geheugen. Dubbele rijen worden over het hele bestand gevonden.",
        "- **Getallen**: decimale komma of punt. In aantallen is `1.234` duizendtal-notatie (1234).",
        "  `%` achter een percentage mag.",
        "- **Excel**: het eerste werkblad wordt gelezen. Formules worden nooit uitgerekend: een",
        "  formulecel wordt gelezen als de waarde die Excel heeft opgeslagen; zonder opgeslagen waarde",
        "  wordt het bestand geweigerd (open en bewaar het in Excel, of plak als waarden).",
        "- **Regio**: code (`AM22`, ook ` am22 `), naam zoals CBS die schrijft (`Rijnmond`, ook",
        "  `Rijnmond (AM)`), of `Nederland`/`NL` voor de landelijke rij. Bij soorten die dat toestaan",
        "  mogen ook gemeenten (`GM0599`, `0599` of de naam; in een kolom `gemeente` altijd als",
        "  gemeente gelezen): die worden opgeteld tot arbeidsmarktregio met de gemeente-indeling van",
        "  het jaar van de periode.",
        "- **Periode**: " + "; ".join(f"{k}: {v}" for k, v in PERIOD_FORMATS.items()) + ".",
        "- **Controle**: een fout bestand wordt niet gebruikt; de sectie toont dan *Niet geladen* met",
        "  bestand, rij, kolom, wat verwacht werd en wat er stond. Dubbele rijen (zelfde sleutel)",
        "  gelden als fout.",
        "",
    ]
    for schema in SCHEMAS.values():
        lines += [
            f"## {schema.title} (`{schema.kind}`)",
            "",
            f"Bestandsnaam begint met: {', '.join(f'`{p}`' for p in schema.prefixes)}. "
            f"Uitgever: {schema.publisher}. Sleutel (uniek per rij): {', '.join(schema.key)}.",
            "Gemeenterijen: " + ("toegestaan, worden opgeteld." if schema.gemeenten else "niet toegestaan."),
            "",
            "| Kolom | Verplicht | Type | Eenheid | Omschrijving | Andere kolomnamen |",
            "|---|---|---|---|---|---|",
        ]
        for col in schema.columns:
            lines.append(
                f"| `{col.name}` | {'ja' if col.required else 'nee'} | {_type_doc(col)} | "
                f"{col.unit or '—'} | {col.description} | {', '.join(col.aliases) or '—'} |"
            )
        lines += ["", "Bronnen: " + "; ".join(f"[{n}]({u})" for n, u in schema.sources) + "."]
        if schema.notes:
            lines += ["", schema.notes]
        lines.append("")
    return "\n".join(lines)
