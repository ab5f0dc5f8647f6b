"""What the CBS tables look like, and which queries the notebooks need.

This module is knowledge, not code that runs: one :class:`TableSpec` per CBS table
(dimensions, the members we use, topics with their titles, units and the keys of the
edition modelled here) and one :class:`Query` per data set the notebooks read.

* The CBS client resolves topics by **title** (and parent TopicGroup title) and filter
  members by stripped **key or title**, so yearly editions with shifted ``_N`` keys work.
  The keys below are therefore only used by the built-in demo data and the test server.
* ``status`` says how sure we are of each shape, following ``shared/docs/cbs-tables.md``:
  ``confirmed`` (seen in real CBS output) or ``assumed`` (CBS naming pattern, not seen).
* The id-per-year lists of yearly tables (Gebieden in Nederland, Arbeidsdeelname) live
  here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Topic", "Dimension", "TableSpec", "PeriodSelection", "Query",
    "TABLES", "QUERIES", "GEBIEDEN_TABLES", "ARBEIDSDEELNAME_TABLES",
    "LEVEL_PREFIXES", "DEMO_CATALOG", "table", "query", "gebieden_query",
]

#: ``TableInfos.Catalog`` of the built-in demonstration tables. The client sets
#: ``TableMeta.demo`` from it, so the demo flag travels with the data itself.
DEMO_CATALOG = "regiobeeld-demo"

#: Region levels and the prefix of their RegioS keys.
LEVEL_PREFIXES = {"NL": "NL", "LD": "LD", "PV": "PV", "CR": "CR", "AM": "AM", "GM": "GM"}


@dataclass(frozen=True)
class Topic:
    """A measure column of a CBS table (``Type == "Topic"`` in DataProperties)."""

    key: str                 # key in the edition modelled here, e.g. "Werkloosheidspercentage_5"
    title: str               # CBS Title; what the client resolves on
    unit: str                # CBS Unit, e.g. "x 1 000", "%", "aantal"
    group: str | None = None  # title of the parent TopicGroup (disambiguates equal titles)
    datatype: str = "Double"  # Double, Long or String
    decimals: int = 0


@dataclass(frozen=True)
class Dimension:
    """A dimension of a CBS table. ``members`` lists (key, title) pairs for plain dimensions."""

    key: str                 # e.g. "RegioS", "Perioden", "Geslacht"
    title: str
    type: str = "Dimension"  # Dimension, GeoDimension or TimeDimension
    members: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """The shape of one CBS table as regiobeeld uses it."""

    table_id: str
    title: str
    dimensions: tuple[Dimension, ...]
    topics: tuple[Topic, ...]
    levels: tuple[str, ...] = ()      # region levels the table publishes (keys of LEVEL_PREFIXES)
    frequency: str = "JJ"             # JJ (year), KW (quarter), MM (month), "" (no Perioden)
    years: tuple[int, int] = (2015, 2025)  # first and last year published (demo data follow this)
    status: str = "assumed"           # confirmed | assumed (see module docstring)
    notes: str = ""

    def dimension(self, key: str) -> Dimension:
        for dim in self.dimensions:
            if dim.key == key:
                return dim
        raise KeyError(f"{self.table_id} has no dimension {key!r}")


@dataclass(frozen=True)
class PeriodSelection:
    """Which periods to fetch: the ``count`` most recent of ``frequency``, ``every`` apart.

    ``PeriodSelection("JJ", count=2, every=10)`` picks the latest year and the year ten
    years before it (when published). The client picks from the table's own Perioden keys.
    """

    frequency: str = "JJ"
    count: int = 1
    every: int = 1


@dataclass(frozen=True)
class Query:
    """One data set the notebooks need: topics by alias, filters, levels and periods.

    ``topics`` maps an alias (the ``measure`` value in the tidy frame) to a topic title,
    optionally qualified by its TopicGroup as ``"Group/Title"``. ``filters`` maps a plain
    dimension key to the member keys or titles wanted (exact match after stripping).
    """

    name: str
    table_id: str
    topics: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    levels: tuple[str, ...] = ()
    periods: PeriodSelection | None = field(default_factory=PeriodSelection)


# --------------------------------------------------------------------------- helpers

def _regio(title: str = "Regio's") -> Dimension:
    return Dimension("RegioS", title, "GeoDimension")


def _perioden() -> Dimension:
    return Dimension("Perioden", "Perioden", "TimeDimension")


def _ages_03759() -> tuple[tuple[str, str], ...]:
    """Leeftijd members of 03759ned: 10010 = 0 jaar, 10000+100*n = n jaar, 22000 = 95+."""
    members = [("10000", "Totaal"), ("10010", "0 jaar")]
    members += [(str(10000 + 100 * n), f"{n} jaar") for n in range(1, 95)]
    members.append(("22000", "95 jaar of ouder"))
    return tuple(members)


SBI_SECTIONS: tuple[tuple[str, str], ...] = (
    # (key, title). T001081, 301000, 300003, 307500, 305700, 354200 are confirmed keys;
    # the others are assumed. The client matches on title, so an assumed key is harmless.
    ("T001081", "A-U Alle economische activiteiten"),
    ("301000", "A Landbouw, bosbouw en visserij"),
    ("300003", "B-F Nijverheid en energie"),
    ("305700", "B Delfstoffenwinning"),
    ("307500", "C Industrie"),
    ("346600", "D Energievoorziening"),
    ("348000", "E Waterbedrijven en afvalbeheer"),
    ("350000", "F Bouwnijverheid"),
    ("354200", "G Handel"),
    ("383100", "H Vervoer en opslag"),
    ("389100", "I Horeca"),
    ("391600", "J Informatie en communicatie"),
    ("393950", "K Financiële diensten"),
    ("396300", "L Verhuur en handel van onroerend goed"),
    ("397400", "M Specialistische zakelijke diensten"),
    ("402000", "N Verhuur en overige zakelijke diensten"),
    ("405700", "O Openbaar bestuur en overheidsdiensten"),
    ("406400", "P Onderwijs"),
    ("406900", "Q Gezondheids- en welzijnszorg"),
    ("410200", "R Cultuur, sport en recreatie"),
    ("411500", "S Overige dienstverlening"),
    ("412100", "T Huishoudens"),
    ("412200", "U Extraterritoriale organisaties"),
)

BEROEPSKLASSEN: tuple[tuple[str, str], ...] = (
    # BRC 2014 beroepsklassen; keys assumed.
    ("T001206", "Totaal beroepen"),
    ("B01", "Pedagogische beroepen"),
    ("B02", "Creatieve en taalkundige beroepen"),
    ("B03", "Commerciële beroepen"),
    ("B04", "Bedrijfseconomische en administratieve beroepen"),
    ("B05", "Managers"),
    ("B06", "Openbaar bestuur, veiligheid en juridische beroepen"),
    ("B07", "Technische beroepen"),
    ("B08", "ICT beroepen"),
    ("B09", "Agrarische beroepen"),
    ("B10", "Zorg en welzijn beroepen"),
    ("B11", "Dienstverlenende beroepen"),
    ("B12", "Transport en logistiek beroepen"),
    ("B13", "Beroepsklasse onbekend"),
)

_PERSOONSKENMERKEN_AD = (
    # Totaal/geslacht/education keys confirmed in other CBS tables; age keys assumed.
    ("T009002", "Totaal personen"),
    ("3000", "Geslacht: mannen"),
    ("4000", "Geslacht: vrouwen"),
    ("53105", "Leeftijd: 15 tot 25 jaar"),
    ("53500", "Leeftijd: 25 tot 45 jaar"),
    ("53700", "Leeftijd: 45 tot 55 jaar"),
    ("53950", "Leeftijd: 55 tot 75 jaar"),
    ("2018700", "Onderwijsniveau: laag"),
    ("2018740", "Onderwijsniveau: middelbaar"),
    ("2018790", "Onderwijsniveau: hoog"),
)

# --------------------------------------------------------------------------- yearly tables

#: Gebieden in Nederland: gemeente → arbeidsmarktregio, provincie. One table per year.
GEBIEDEN_TABLES: dict[int, str] = {
    2016: "83287NED", 2017: "83553NED", 2018: "83859NED", 2019: "84378NED",
    2020: "84721NED", 2021: "84929NED", 2022: "85067NED", 2023: "85385NED",
    2024: "85755NED", 2025: "86059NED", 2026: "86247NED",
}

#: Arbeidsdeelname; regionale indeling YYYY (indeling year → table id). Newest is used.
ARBEIDSDEELNAME_TABLES: dict[int, str] = {
    2016: "83524NED", 2017: "83933NED", 2018: "84469NED", 2019: "84703NED",
    2021: "85269NED", 2022: "85494NED", 2024: "86088NED",
}
ARBEIDSDEELNAME = ARBEIDSDEELNAME_TABLES[max(ARBEIDSDEELNAME_TABLES)]


def _gebieden_spec(year: int, table_id: str) -> TableSpec:
    # Provincies' Code_/Naam_ keys shift between editions (confirmed), which is exactly
    # why the client resolves by group + title. Arbeidsmarktregio is Code_4/Naam_5.
    pv = {2016: 34, 2022: 26, 2023: 28, 2024: 28, 2025: 28, 2026: 32}.get(year, 30)
    ti = 56 if year >= 2026 else 52
    return TableSpec(
        table_id=table_id,
        title=f"Gebieden in Nederland {year}",
        dimensions=(_regio(),),
        topics=(
            Topic("Code_1", "Code", "code", "Codes en namen van gemeenten", "String"),
            Topic("Naam_2", "Naam", "naam", "Codes en namen van gemeenten", "String"),
            Topic("SorteringNaam_3", "Sortering naam", "naam", "Codes en namen van gemeenten", "String"),
            Topic("Code_4", "Code", "code", "Arbeidsmarktregio's", "String"),
            Topic("Naam_5", "Naam", "naam", "Arbeidsmarktregio's", "String"),
            Topic(f"Code_{pv}", "Code", "code", "Provincies", "String"),
            Topic(f"Naam_{pv + 1}", "Naam", "naam", "Provincies", "String"),
            Topic(f"Inwonertal_{ti}", "Inwonertal", "aantal", "Statistische gegevens", "Long"),
        ),
        levels=("GM",),
        frequency="",
        years=(year, year),
        status="confirmed",
        notes="Topic groups nest: 'Lokaliseringen van gemeenten' > \"Arbeidsmarktregio's\" > Code/Naam. "
              "String values are padded (codes 10, names 50 wide).",
    )


_TABLE_LIST: list[TableSpec] = [
    *[_gebieden_spec(y, t) for y, t in GEBIEDEN_TABLES.items()],
    TableSpec(
        table_id="70072NED",
        title="Regionale kerncijfers Nederland",
        dimensions=(_regio(), _perioden()),
        topics=(
            Topic("TotaleBevolking_1", "Totale bevolking", "aantal", "Bevolking", "Long"),
            Topic("JongerDan5Jaar_4", "Jonger dan 5 jaar", "aantal", "Leeftijdsgroepen", "Long"),
            Topic("k_5Tot10Jaar_5", "5 tot 10 jaar", "aantal", "Leeftijdsgroepen", "Long"),
            Topic("k_10Tot15Jaar_6", "10 tot 15 jaar", "aantal", "Leeftijdsgroepen", "Long"),
            Topic("k_15Tot20Jaar_7", "15 tot 20 jaar", "aantal", "Leeftijdsgroepen", "Long"),
            Topic("k_20Tot25Jaar_8", "20 tot 25 jaar", "aantal", "Leeftijdsgroepen", "Long"),
            Topic("k_25Tot45Jaar_9", "25 tot 45 jaar", "aantal", "Leeftijdsgroepen", "Long"),
            Topic("k_45Tot65Jaar_10", "45 tot 65 jaar", "aantal", "Leeftijdsgroepen", "Long"),
            Topic("k_65Tot80Jaar_11", "65 tot 80 jaar", "aantal", "Leeftijdsgroepen", "Long"),
            Topic("k_80JaarOfOuder_12", "80 jaar of ouder", "aantal", "Leeftijdsgroepen", "Long"),
            # Same titles again, relative: only the group tells them apart.
            Topic("JongerDan5Jaar_13", "Jonger dan 5 jaar", "%", "Leeftijdsgroepen, relatief", decimals=1),
            Topic("k_65Tot80Jaar_20", "65 tot 80 jaar", "%", "Leeftijdsgroepen, relatief", decimals=1),
            Topic("k_80JaarOfOuder_21", "80 jaar of ouder", "%", "Leeftijdsgroepen, relatief", decimals=1),
            Topic("Bevolkingsdichtheid_57", "Bevolkingsdichtheid", "aantal inwoners per km²", "Bevolking", "Long"),
        ),
        levels=("NL", "LD", "PV", "CR", "GM"),
        years=(2016, 2026),
        status="confirmed",
        notes="No AM rows: aggregate gemeenten. Population and age groups on 1 January.",
    ),
    TableSpec(
        table_id="03759ned",
        title="Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
        dimensions=(
            Dimension("Geslacht", "Geslacht", members=(
                ("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen"))),
            Dimension("Leeftijd", "Leeftijd", members=_ages_03759()),
            Dimension("BurgerlijkeStaat", "Burgerlijke staat", members=(("T001019", "Totaal burgerlijke staat"),)),
            _regio(), _perioden(),
        ),
        topics=(
            Topic("BevolkingOp1Januari_1", "Bevolking op 1 januari", "aantal", None, "Long"),
            Topic("GemiddeldeBevolking_2", "Gemiddelde bevolking", "aantal", None, "Long"),
        ),
        levels=("NL", "GM"),
        years=(2016, 2026),
        status="confirmed",
        notes="About 98 million cells: always filter RegioS, Perioden and Leeftijd.",
    ),
    TableSpec(
        table_id=ARBEIDSDEELNAME,
        title="Arbeidsdeelname; regionale indeling 2024",
        dimensions=(Dimension("Persoonskenmerken", "Persoonskenmerken", members=_PERSOONSKENMERKEN_AD),
                    _regio(), _perioden()),
        topics=(
            Topic("BeroepsEnNietBeroepsbevolking_1", "Beroeps- en niet-beroepsbevolking", "x 1 000"),
            Topic("Beroepsbevolking_2", "Beroepsbevolking", "x 1 000", "Beroepsbevolking"),
            Topic("WerkzameBeroepsbevolking_3", "Werkzame beroepsbevolking", "x 1 000", "Beroepsbevolking"),
            Topic("WerklozeBeroepsbevolking_4", "Werkloze beroepsbevolking", "x 1 000", "Beroepsbevolking"),
            Topic("Werkloosheidspercentage_5", "Werkloosheidspercentage", "%", "Beroepsbevolking", decimals=1),
            Topic("NietBeroepsbevolking_6", "Niet-beroepsbevolking", "x 1 000"),
            Topic("NettoArbeidsparticipatie_7", "Netto arbeidsparticipatie", "%", decimals=1),
        ),
        levels=("NL", "LD", "PV", "CR", "AM", "GM"),
        years=(2015, 2024),
        status="assumed",
        notes="Titles and units confirmed; topic keys and age member keys assumed. Values x 1 000 "
              "rounded to whole thousands; % to 1 decimal. Population 15-75.",
    ),
    TableSpec(
        table_id="86111NED",
        title="Binding met de arbeidsmarkt; regio (indeling 2024)",
        dimensions=(_regio(), _perioden()),
        topics=(
            Topic("OnbenutArbeidspotentieel_1", "Onbenut arbeidspotentieel", "x 1 000", "Onbenut arbeidspotentieel"),
            Topic("WerklozeBeroepsbevolking_2", "Werkloze beroepsbevolking", "x 1 000", "Onbenut arbeidspotentieel"),
            Topic("SemiWerklozen_3", "Semi-werklozen", "x 1 000", "Onbenut arbeidspotentieel"),
            Topic("OnderbenutteDeeltijdwerkers_4", "Onderbenutte deeltijdwerkers", "x 1 000", "Onbenut arbeidspotentieel"),
            Topic("BevolkingVan15Tot75Jaar_5", "Bevolking van 15 tot 75 jaar", "x 1 000"),
        ),
        levels=("NL", "PV", "AM"),
        years=(2019, 2024),
        status="assumed",
        notes="Table id from cbs-odata.md; dimensions, titles and keys assumed.",
    ),
    TableSpec(
        table_id="85525NED",
        title="Bevolking; hoogstbehaald onderwijsniveau en regio",
        dimensions=(
            Dimension("Geslacht", "Geslacht", members=(("T001038", "Totaal mannen en vrouwen"),)),
            Dimension("Leeftijd", "Leeftijd", members=(("52052", "15 tot 75 jaar"),)),
            _regio(), _perioden(),
        ),
        topics=(
            Topic("Bevolking_1", "Bevolking", "aantal", None, "Long"),
            Topic("k_1BasisonderwijsVmboMbo1_2", "1 Basisonderwijs, vmbo, mbo1", "%", "Onderwijsniveau 3 categorieën", decimals=1),
            Topic("k_2HavoVwoMbo24_3", "2 Havo, vwo, mbo2-4", "%", "Onderwijsniveau 3 categorieën", decimals=1),
            Topic("k_3HboWo_4", "3 Hbo, wo", "%", "Onderwijsniveau 3 categorieën", decimals=1),
        ),
        levels=("NL", "LD", "PV", "GM"),
        years=(2020, 2024),
        status="assumed",
        notes="k_3HboWo_4 and the dimensions are confirmed; titles of the 3 categories assumed. "
              "Reference date 1 October. Bevolking rounded to 100.",
    ),
    TableSpec(
        table_id="80794ned",
        title="Personen met een uitkering; uitkeringsontvangers per regio",
        dimensions=(_regio(), _perioden()),
        topics=(
            Topic("UitkeringsontvangersTotaal_1", "Uitkeringsontvangers, totaal", "aantal personen", "Uitkeringsontvangers, totaal", "Long"),
            Topic("TotDeAOWLeeftijd_2", "Tot de AOW-leeftijd", "aantal personen", "Uitkeringsontvangers, totaal", "Long"),
            Topic("VanafDeAOWLeeftijd_3", "Vanaf de AOW-leeftijd", "aantal personen", "Uitkeringsontvangers, totaal", "Long"),
            Topic("Werkloosheid_4", "Werkloosheid", "aantal personen", "Uitkeringsontvangers per soort uitkering", "Long"),
            Topic("BijstandGerelateerdTotAOWLeeftijd_5", "Bijstand(gerelateerd) tot AOW-leeftijd", "aantal personen", "Bijstand en bijstandsgerelateerd", "Long"),
            Topic("BijstandGerelateerdVanafAOWLeeftijd_6", "Bijstand(gerelateerd) vanaf AOW-leeftijd", "aantal personen", "Bijstand en bijstandsgerelateerd", "Long"),
            Topic("BijstandTotDeAOWLeeftijd_7", "Bijstand tot de AOW-leeftijd", "aantal personen", "Bijstand en bijstandsgerelateerd", "Long"),
            Topic("ArbeidsongeschiktheidTotaal_8", "Arbeidsongeschiktheid, totaal", "aantal personen", "Arbeidsongeschiktheid", "Long"),
            Topic("WAOUitkering_9", "WAO-uitkering", "aantal personen", "Arbeidsongeschiktheid", "Long"),
            Topic("WIAUitkeringWGARegeling_10", "WIA-uitkering: WGA-regeling", "aantal personen", "Arbeidsongeschiktheid", "Long"),
            Topic("WajongUitkering_11", "Wajong-uitkering", "aantal personen", "Arbeidsongeschiktheid", "Long"),
            Topic("AlgemeneOuderdomswet_12", "Algemene Ouderdomswet", "aantal personen", "Uitkeringsontvangers per soort uitkering", "Long"),
        ),
        levels=("NL", "LD", "PV", "GM"),
        frequency="MM",
        years=(2022, 2025),
        status="confirmed",
        notes="Monthly ('2024 juli'), values rounded to 10. No AM rows: aggregate gemeenten.",
    ),
    TableSpec(
        table_id="85588NED",
        title="Re-integratie-/participatievoorzieningen; type, status voorziening en regio",
        dimensions=(
            Dimension("TypeReIntegratieParticipatievoorz", "Type re-integratie participatievoorz.", members=(
                ("T001403", "Totaal re-integratie-/participatievoorz."),
                ("A048803", "Loonkostensubsidie (Participatiewet)"),
                ("A048804", "Forfaitaire loonkostensubsidie"),
                ("A048805", "Tijdelijke loonkostensubsidie"),
                ("A048806", "WIW/ID-baan"),
                ("A048807", "Beschut werk"),
            )),
            Dimension("StatusVoorzieningEindeVerslagperiode", "Status voorziening einde verslagperiode", members=(
                ("T001404", "Totaal voorzieningen:Lopend en beëindigd"),
                ("A048810", "Lopende voorzieningen"),
            )),
            _regio(), _perioden(),
        ),
        topics=(Topic("ReIntegratieParticipatievoorzieningen_1", "Re-integratie-/participatievoorzieningen", "aantal", None, "Long"),),
        levels=("NL", "LD", "PV", "CR", "GM"),
        frequency="MM",
        years=(2023, 2025),
        status="assumed",
        notes="Titles confirmed; dimension and member keys assumed; GM level assumed.",
    ),
    TableSpec(
        table_id="85701NED",
        title="Leerlingen en studenten; onderwijssoort, woonregio",
        dimensions=(
            Dimension("Onderwijssoort", "Onderwijssoort", members=(
                ("A041867", "Mbo, totaal (excl. extranei)"),
                ("A042650", "Mbo entreeopleiding"),
                ("A042656", "Mbo niveau 2"),
                ("A042662", "Mbo niveau 3"),
                ("A042668", "Mbo niveau 4"),
                ("A025294", "Hbo"),
                ("A025297", "Wo"),
            )),
            _regio("Woonregio's"), _perioden(),
        ),
        topics=(Topic("LeerlingenEnStudenten_1", "Leerlingen en studenten", "aantal", None, "Long"),),
        levels=("NL", "LD", "PV", "CR", "GM"),
        years=(2019, 2024),
        status="assumed",
        notes="Onderwijssoort keys confirmed; titles and topic key assumed. Rounded to tens.",
    ),
    TableSpec(
        table_id="85702NED",
        title="Gediplomeerden; onderwijssoort, woonregio",
        dimensions=(
            Dimension("Onderwijssoort", "Onderwijssoort", members=(
                ("A025290", "Mbo, totaal (incl. extranei)"),
                ("A042649", "Mbo entreeopleiding"),
                ("A042655", "Mbo niveau 2"),
                ("A042661", "Mbo niveau 3"),
                ("A042667", "Mbo niveau 4"),
                ("A028669", "Hbo associate degree"),
                ("A043049", "Hbo bachelor"),
                ("A043051", "Hbo master"),
                ("A043054", "Wo bachelor"),
                ("A043055", "Wo master"),
            )),
            _regio("Woonregio's"), _perioden(),
        ),
        topics=(Topic("Gediplomeerden_1", "Gediplomeerden", "aantal", None, "Long"),),
        levels=("NL", "LD", "PV", "CR", "GM"),
        years=(2019, 2024),
        status="assumed",
        notes="Onderwijssoort keys confirmed; titles and topic key assumed. Rounded to tens.",
    ),
    TableSpec(
        table_id="83582NED",
        title="Banen van werknemers in december; economische activiteit (SBI2008), regio",
        dimensions=(
            Dimension("BedrijfstakkenBranchesSBI2008", "Bedrijfstakken/branches (SBI 2008)", members=SBI_SECTIONS),
            _regio(), _perioden(),
        ),
        topics=(Topic("BanenVanWerknemersInDecember_1", "Banen van werknemers in december", "x 1 000", decimals=1),),
        levels=("NL", "PV", "CR", "GM"),
        years=(2015, 2024),
        status="confirmed",
        notes="Period titles '2024 december'; latest year voorlopig (*), the one before nader "
              "voorlopig (**). Small gemeente cells are secret ('.'). NL01 assumed.",
    ),
    TableSpec(
        table_id="83599NED",
        title="Openstaande vacatures; SBI 2008, regio",
        dimensions=(
            Dimension("BedrijfskenmerkenSBI2008", "Bedrijfskenmerken (SBI 2008)", members=SBI_SECTIONS),
            _regio(), _perioden(),
        ),
        topics=(Topic("OpenstaandeVacatures_1", "Openstaande vacatures", "x 1 000", decimals=1),),
        levels=("NL", "LD", "PV"),
        frequency="KW",
        years=(2019, 2025),
        status="assumed",
        notes="CBS publishes no vacancies per arbeidsmarktregio; levels LD/PV assumed.",
    ),
    TableSpec(
        table_id="86112NED",
        title="Werkzame beroepsbevolking; beroep en regio's (indeling 2024)",
        dimensions=(
            Dimension("Beroep", "Beroep", members=BEROEPSKLASSEN),
            Dimension("Persoonskenmerken", "Persoonskenmerken", members=(
                ("T009002", "Totaal personen"),
                ("53950", "Leeftijd: 55 tot 75 jaar"),
            )),
            _regio(), _perioden(),
        ),
        topics=(Topic("WerkzameBeroepsbevolking_1", "Werkzame beroepsbevolking", "x 1 000"),),
        levels=("NL", "AM"),
        years=(2019, 2024),
        status="assumed",
        notes="Table id from cbs-odata.md; shape assumed (BRC 2014 beroepsklassen, age split).",
    ),
    TableSpec(
        table_id="85315NED",
        title="Deelname aan leeractiviteiten; persoonskenmerken",
        dimensions=(
            Dimension("Persoonskenmerken", "Persoonskenmerken", members=(
                ("T009002", "Totaal personen"),
                ("2018700", "Onderwijsniveau: laag"),
                ("2018740", "Onderwijsniveau: middelbaar"),
                ("2018790", "Onderwijsniveau: hoog"),
                # Assumed keys; distinct from 86088NED's age keys, which mean other bands.
                ("53310", "Leeftijd: 25 tot 45 jaar"),
                ("53715", "Leeftijd: 45 tot 65 jaar"),
            )),
            _perioden(),
        ),
        topics=(
            Topic("FormeelOnderwijs_1", "Formeel onderwijs", "%", "Deelname in de afgelopen 4 weken", decimals=1),
            Topic("NietFormeelOnderwijs_2", "Niet-formeel onderwijs", "%", "Deelname in de afgelopen 4 weken", decimals=1),
        ),
        levels=(),
        years=(2019, 2024),
        status="assumed",
        notes="National only. Id from the handreiking (unconfirmed); shape assumed. Population 25-65.",
    ),
]

TABLES: dict[str, TableSpec] = {spec.table_id: spec for spec in _TABLE_LIST}


def table(table_id: str) -> TableSpec:
    """The spec of ``table_id``; raises ``KeyError`` naming the known ids."""
    try:
        return TABLES[table_id]
    except KeyError:
        raise KeyError(f"Unknown table {table_id!r}; known: {', '.join(sorted(TABLES))}") from None


# --------------------------------------------------------------------------- queries

def gebieden_query(year: int) -> Query:
    """The membership query for ``year``: gemeente → arbeidsmarktregio and provincie."""
    return Query(
        name=f"gebieden_{year}",
        table_id=GEBIEDEN_TABLES[year],
        topics=(
            ("gemeente_naam", "Codes en namen van gemeenten/Naam"),
            ("am_code", "Arbeidsmarktregio's/Code"),
            ("am_naam", "Arbeidsmarktregio's/Naam"),
            ("pv_code", "Provincies/Code"),
            ("pv_naam", "Provincies/Naam"),
        ),
        levels=("GM",),
        periods=None,
    )


_SBI_TITLES = tuple(title for _, title in SBI_SECTIONS)
_QUERY_LIST: list[Query] = [
    *[gebieden_query(y) for y in GEBIEDEN_TABLES],
    Query("population", "70072NED", topics=(
        ("bevolking", "Bevolking/Totale bevolking"),
        ("0-5", "Leeftijdsgroepen/Jonger dan 5 jaar"),
        ("5-10", "Leeftijdsgroepen/5 tot 10 jaar"),
        ("10-15", "Leeftijdsgroepen/10 tot 15 jaar"),
        ("15-20", "Leeftijdsgroepen/15 tot 20 jaar"),
        ("20-25", "Leeftijdsgroepen/20 tot 25 jaar"),
        ("25-45", "Leeftijdsgroepen/25 tot 45 jaar"),
        ("45-65", "Leeftijdsgroepen/45 tot 65 jaar"),
        ("65-80", "Leeftijdsgroepen/65 tot 80 jaar"),
        ("80+", "Leeftijdsgroepen/80 jaar of ouder"),
    ), levels=("NL", "GM"), periods=PeriodSelection("JJ", count=11)),
    Query("population_ages", "03759ned", topics=(("bevolking", "Bevolking op 1 januari"),),
          filters=(("Geslacht", ("3000", "4000")), ("BurgerlijkeStaat", ("T001019",)),
                   ("Leeftijd", tuple(k for k, _ in _ages_03759()[1:]))),
          levels=("NL", "GM"), periods=PeriodSelection("JJ", count=2, every=10)),
    Query("labour", ARBEIDSDEELNAME, topics=(
        ("beroepsbevolking", "Beroepsbevolking/Beroepsbevolking"),
        ("werkzaam", "Beroepsbevolking/Werkzame beroepsbevolking"),
        ("werkloos", "Beroepsbevolking/Werkloze beroepsbevolking"),
        ("werkloosheid_pct", "Werkloosheidspercentage"),
        ("participatie_pct", "Netto arbeidsparticipatie"),
        ("bevolking_15_75", "Beroeps- en niet-beroepsbevolking"),
    ), filters=(("Persoonskenmerken", tuple(k for k, _ in _PERSOONSKENMERKEN_AD)),),
        levels=("NL", "PV", "AM"), periods=PeriodSelection("JJ", count=10)),
    Query("potential", "86111NED", topics=(
        ("onbenut", "Onbenut arbeidspotentieel/Onbenut arbeidspotentieel"),
        ("werkloos", "Onbenut arbeidspotentieel/Werkloze beroepsbevolking"),
        ("semi_werkloos", "Onbenut arbeidspotentieel/Semi-werklozen"),
        ("onderbenut_deeltijd", "Onbenut arbeidspotentieel/Onderbenutte deeltijdwerkers"),
        ("bevolking_15_75", "Bevolking van 15 tot 75 jaar"),
    ), levels=("NL", "AM"), periods=PeriodSelection("JJ", count=6)),
    Query("education_level", "85525NED", topics=(
        ("bevolking_15_75", "Bevolking"),
        ("laag_pct", "Onderwijsniveau 3 categorieën/1 Basisonderwijs, vmbo, mbo1"),
        ("middelbaar_pct", "Onderwijsniveau 3 categorieën/2 Havo, vwo, mbo2-4"),
        ("hoog_pct", "Onderwijsniveau 3 categorieën/3 Hbo, wo"),
    ), filters=(("Geslacht", ("T001038",)), ("Leeftijd", ("52052",))),
        levels=("NL", "GM"), periods=PeriodSelection("JJ", count=5)),
    Query("benefits", "80794ned", topics=(
        ("totaal", "Uitkeringsontvangers, totaal/Uitkeringsontvangers, totaal"),
        ("tot_aow", "Uitkeringsontvangers, totaal/Tot de AOW-leeftijd"),
        ("ww", "Uitkeringsontvangers per soort uitkering/Werkloosheid"),
        ("bijstand", "Bijstand en bijstandsgerelateerd/Bijstand tot de AOW-leeftijd"),
        ("arbeidsongeschikt", "Arbeidsongeschiktheid/Arbeidsongeschiktheid, totaal"),
        ("wajong", "Arbeidsongeschiktheid/Wajong-uitkering"),
    ), levels=("NL", "GM"), periods=PeriodSelection("MM", count=37)),
    Query("reintegration", "85588NED", topics=(("voorzieningen", "Re-integratie-/participatievoorzieningen"),),
          filters=(("StatusVoorzieningEindeVerslagperiode", ("Lopende voorzieningen",)),),
          levels=("NL", "GM"), periods=PeriodSelection("MM", count=13)),
    Query("pupils", "85701NED", topics=(("leerlingen", "Leerlingen en studenten"),),
          levels=("NL", "GM"), periods=PeriodSelection("JJ", count=5)),
    Query("graduates", "85702NED", topics=(("gediplomeerden", "Gediplomeerden"),),
          levels=("NL", "GM"), periods=PeriodSelection("JJ", count=5)),
    Query("jobs", "83582NED", topics=(("banen", "Banen van werknemers in december"),),
          filters=(("BedrijfstakkenBranchesSBI2008", _SBI_TITLES),),
          levels=("NL", "PV", "GM"), periods=PeriodSelection("JJ", count=6)),
    Query("vacancies", "83599NED", topics=(("vacatures", "Openstaande vacatures"),),
          filters=(("BedrijfskenmerkenSBI2008", _SBI_TITLES),),
          levels=("NL", "PV"), periods=PeriodSelection("KW", count=8)),
    Query("occupations", "86112NED", topics=(("werkzaam", "Werkzame beroepsbevolking"),),
          levels=("NL", "AM"), periods=PeriodSelection("JJ", count=5)),
    Query("lifelong_learning", "85315NED", topics=(
        ("formeel_pct", "Deelname in de afgelopen 4 weken/Formeel onderwijs"),
        ("niet_formeel_pct", "Deelname in de afgelopen 4 weken/Niet-formeel onderwijs"),
    ), periods=PeriodSelection("JJ", count=6)),
]

QUERIES: dict[str, Query] = {q.name: q for q in _QUERY_LIST}


def query(name: str) -> Query:
    """The query called ``name``; raises ``KeyError`` naming the known queries."""
    try:
        return QUERIES[name]
    except KeyError:
        raise KeyError(f"Unknown query {name!r}; known: {', '.join(sorted(QUERIES))}") from None
