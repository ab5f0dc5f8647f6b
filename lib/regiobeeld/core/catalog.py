"""What the CBS tables look like, and which queries the notebooks need.

This module is knowledge, not code that runs: one :class:`TableSpec` per CBS table
(dimensions, the members we use, topics with their titles, units and the keys of the
edition modelled here) and one :class:`Query` per data set the notebooks read.

* The CBS client resolves topics by **title** (and TopicGroup titles on their path),
  filter dimensions by key or title, and filter members by key, title or the robust rules
  of :mod:`regiobeeld.core.shapes` (SBI letter, occupation code, age range, "Totaal…"), so
  yearly editions with shifted ``_N`` keys and renamed members work. Keys the evidence
  does not show are used only by the built-in demo data and the test server.
* ``evidence`` says per fact how sure we are, following the CBS metadata evidence
  (``docs/cbs-shapes.md``): ``confirmed`` (seen verbatim in real CBS output),
  ``inferred`` (from a predecessor or sibling table) or ``unknown`` (not seen; the demo
  follows a documented CBS convention). ``status`` sums it up in one word: ``confirmed``
  only when every fact used is confirmed, otherwise ``partly``.
* The id-per-year lists of yearly tables (Gebieden in Nederland, Arbeidsdeelname) live
  here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Topic", "Dimension", "TableSpec", "PeriodSelection", "Query",
    "TABLES", "QUERIES", "GEBIEDEN_TABLES", "ARBEIDSDEELNAME_TABLES",
    "LEVEL_PREFIXES", "DEMO_CATALOG", "table", "query", "gebieden_query",
    "TOTAL", "TOTAL_PERSONS", "TOTAL_PERSONS_KEY", "AGE_55_75", "EDUCATION_MEMBERS", "RUNNING_PROVISIONS",
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
    group: str | None = None  # TopicGroup path, outermost first, "/"-joined ("Bevolking/Leeftijd")
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
    status: str = "partly"            # confirmed | partly (see module docstring)
    notes: str = ""
    evidence: tuple[tuple[str, str], ...] = ()   # (fact, "confirmed"/"inferred"/"unknown: how the demo settles it")

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
    optionally qualified by TopicGroups on its path as ``"Group/Title"``; ``"*"`` is the
    table's only topic. ``filters`` maps a plain dimension (key or title) to the members
    wanted (key, title or robust rule, see :mod:`regiobeeld.core.shapes`); an empty tuple keeps
    every member. Plain dimensions without a filter are restricted to their "Totaal…" member.
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
    # (key, title) of the members of BedrijfstakkenBranchesSBI2008 (83582NED, 83599NED).
    # Confirmed: the keys T001081, 301000, 300003, 307500 and the titles of A-U, A, B-F,
    # B-E, C, G-I, G-N, K, O-U and P; inferred: 305700 B, 354200 G. Every other key and
    # title is unknown (the demo follows the CBS pattern); queries select sections by
    # their letter, never by these keys or full titles.
    ("T001081", "A-U Alle economische activiteiten"),
    ("301000", "A Landbouw, bosbouw en visserij"),
    ("300003", "B-F Nijverheid en energie"),
    ("300004", "B-E Nijverheid (geen bouw) en energie"),
    ("305700", "B Delfstoffenwinning"),
    ("307500", "C Industrie"),
    ("346600", "D Energievoorziening"),
    ("348000", "E Waterbedrijven en afvalbeheer"),
    ("350000", "F Bouwnijverheid"),
    ("354100", "G-N Commerciële dienstverlening"),
    ("354150", "G-I Handel, vervoer en horeca"),
    ("354200", "G Handel"),
    ("383100", "H Vervoer en opslag"),
    ("389100", "I Horeca"),
    ("391600", "J Informatie en communicatie"),
    ("393950", "K Financiële dienstverlening"),
    ("396300", "L Verhuur en handel van onroerend goed"),
    ("397400", "M Specialistische zakelijke diensten"),
    ("402000", "N Verhuur en overige zakelijke diensten"),
    ("405500", "O-U Niet-commerciële dienstverlening"),
    ("405700", "O Openbaar bestuur en overheidsdiensten"),
    ("406400", "P Onderwijs"),
    ("406900", "Q Gezondheids- en welzijnszorg"),
    ("410200", "R Cultuur, sport en recreatie"),
    ("411500", "S Overige dienstverlening"),
    ("412100", "T Huishoudens"),
    ("412200", "U Extraterritoriale organisaties"),
)

BEROEPSKLASSEN: tuple[tuple[str, str], ...] = (
    # BRC 2014 beroepsklassen as CBS titles them (inferred from 83359NED/85276NED: the
    # total is "Totaal", every class carries its two-digit code). Keys unknown (demo pattern);
    # queries match the code at the start of the title.
    ("T001206", "Totaal"),
    ("BRC01", "01 Pedagogische beroepen"),
    ("BRC02", "02 Creatieve en taalkundige beroepen"),
    ("BRC03", "03 Commerciële beroepen"),
    ("BRC04", "04 Bedrijfseconomische en administratieve beroepen"),
    ("BRC05", "05 Managers"),
    ("BRC06", "06 Openbaar bestuur, veiligheid en juridische beroepen"),
    ("BRC07", "07 Technische beroepen"),
    ("BRC08", "08 ICT beroepen"),
    ("BRC09", "09 Agrarische beroepen"),
    ("BRC10", "10 Zorg en welzijn beroepen"),
    ("BRC11", "11 Dienstverlenende beroepen"),
    ("BRC12", "12 Transport en logistiek beroepen"),
    ("BRC13", "13 Beroepsklasse overig"),
)

#: Persoonskenmerken of the Arbeidsdeelname tables. Inferred (2016-2022 editions): the
#: titles "Totaal personen" (key T009002), "Geslacht: mannen", "Geslacht: vrouwen". The
#: age and education members were never seen: titles and keys follow the CBS pattern.
_TOTAL_PERSONS = ("T009002", "Totaal personen")
_PERSOONSKENMERKEN_AD = (
    _TOTAL_PERSONS,
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

_GESLACHT = Dimension("Geslacht", "Geslacht", members=(
    ("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")))

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

#: Provincies' Code_/Naam_ key number per Gebieden year: confirmed for 2016, 2022-2025.
_GEBIEDEN_PV_CONFIRMED = {2016: 34, 2022: 26, 2023: 28, 2024: 28, 2025: 28}


def _gebieden_spec(year: int, table_id: str) -> TableSpec:
    # Provincies' Code_/Naam_ keys shift between editions (confirmed), which is exactly
    # why the client resolves by group + title. Arbeidsmarktregio is Code_4/Naam_5.
    pv = _GEBIEDEN_PV_CONFIRMED.get(year, 30)
    ti = 56 if year >= 2026 else 52
    return TableSpec(
        table_id=table_id,
        title=f"Gebieden in Nederland {year}",
        dimensions=(_regio(),),
        topics=(
            Topic("Code_1", "Code", "code", "Codes en namen van gemeenten", "String"),
            Topic("Naam_2", "Naam", "naam", "Codes en namen van gemeenten", "String"),
            Topic("SorteringNaam_3", "Sortering naam", "naam", "Codes en namen van gemeenten", "String"),
            Topic("Code_4", "Code", "code", "Lokaliseringen van gemeenten/Arbeidsmarktregio's", "String"),
            Topic("Naam_5", "Naam", "naam", "Lokaliseringen van gemeenten/Arbeidsmarktregio's", "String"),
            Topic(f"Code_{pv}", "Code", "code", "Lokaliseringen van gemeenten/Provincies", "String"),
            Topic(f"Naam_{pv + 1}", "Naam", "naam", "Lokaliseringen van gemeenten/Provincies", "String"),
            Topic(f"Inwonertal_{ti}", "Inwonertal", "aantal", "Statistische gegevens", "Long"),
        ),
        levels=("GM",),
        frequency="",
        years=(year, year),
        status="partly",
        notes="String values are padded (codes 10, names 50 wide).",
        evidence=(
            ("table id, title", "confirmed"), ("Code_1/Naam_2", "confirmed (2016, 2021, 2023, 2026)"),
            ("AM Code_4/Naam_5", "confirmed 2016, 2021, 2023; inferred for the other years"),
            ("PV Code/Naam keys", "confirmed 2016, 2022-2025; unknown otherwise (demo: Code_30/Naam_31)"),
            ("Inwonertal key", "confirmed 2016 (_52) and 2026 (_56); unknown otherwise"),
            ("levels", "GM confirmed"),
        ),
    )


def _arbeidsdeelname_spec() -> TableSpec:
    return TableSpec(
        table_id=ARBEIDSDEELNAME,
        title="Arbeidsdeelname; regionale indeling 2024",
        dimensions=(Dimension("Persoonskenmerken", "Persoonskenmerken", members=_PERSOONSKENMERKEN_AD),
                    _regio(), _perioden()),
        topics=(
            Topic("BeroepsEnNietBeroepsbevolking_1", "Beroeps- en niet-beroepsbevolking", "x 1 000"),
            Topic("Beroepsbevolking_2", "Beroepsbevolking", "x 1 000", "Beroepsbevolking"),
            Topic("WerkzameBeroepsbevolking_3", "Werkzame beroepsbevolking", "x 1 000",
                  "Beroepsbevolking/Werkzame beroepsbevolking"),
            Topic("WerklozeBeroepsbevolking_4", "Werkloze beroepsbevolking", "x 1 000", "Beroepsbevolking"),
            Topic("Werkloosheidspercentage_5", "Werkloosheidspercentage", "%", "Beroepsbevolking", decimals=1),
            Topic("NietBeroepsbevolking_6", "Niet-beroepsbevolking", "x 1 000"),
            Topic("NettoArbeidsparticipatie_7", "Netto arbeidsparticipatie", "%", decimals=1),
        ),
        levels=("NL", "LD", "PV", "CR", "AM", "GM"),
        years=(2015, 2024),
        notes="Values x 1 000 rounded to whole thousands; % to 1 decimal. Population 15-75.",
        evidence=(
            ("title", "confirmed"), ("dimensions, topic titles, groups, units", "inferred (2016-2022 editions)"),
            ("Persoonskenmerken totals and sexes", "inferred; age and education members unknown (CBS pattern)"),
            ("topic and member keys", "unknown (T009002 inferred); the demo follows the CBS pattern"),
            ("levels", "all unknown for 2024; AM seen in 2016/2017, GM in 2017 (demo: all six)"),
        ),
    )


_BINDING_TOPICS = (
    # 86111NED, inferred from its predecessors 84915NED and 85969NED; keys unknown.
    ("BeroepsEnNietBeroepsbevolking_1", "Beroeps- en niet-beroepsbevolking", None),
    ("WerkzameBeroepsbevolking_2", "Werkzame beroepsbevolking", "Werkzame beroepsbevolking"),
    ("WilMeerUrenWerkenBeschikbaar_3", "Wil meer uren werken, beschikbaar", "Werkzame beroepsbevolking"),
    ("WilNietMeerWerkenOfNietBeschikbaar_4", "Wil niet meer werken of niet beschikbaar", "Werkzame beroepsbevolking"),
    ("NietWerkzameBevolking_5", "Niet-werkzame bevolking", "Niet-werkzame bevolking"),
    ("WerklozeBeroepsbevolking_6", "Werkloze beroepsbevolking", "Niet-werkzame bevolking/Werkloze beroepsbevolking"),
    ("NietBeroepsbevolking_7", "Niet-beroepsbevolking", "Niet-werkzame bevolking/Niet-beroepsbevolking"),
    ("BeschikbaarNietGezocht_8", "Beschikbaar, niet gezocht",
     "Niet-werkzame bevolking/Niet-beroepsbevolking/Beschikbaar, niet gezocht"),
    ("NietGezochtVanwegeOntmoediging_9", "Niet gezocht vanwege ontmoediging",
     "Niet-werkzame bevolking/Niet-beroepsbevolking/Beschikbaar, niet gezocht"),
    ("NietGezochtVanwegeAndereReden_10", "Niet gezocht vanwege andere reden",
     "Niet-werkzame bevolking/Niet-beroepsbevolking/Beschikbaar, niet gezocht"),
    ("GezochtNietBeschikbaar_11", "Gezocht, niet beschikbaar", "Niet-werkzame bevolking/Niet-beroepsbevolking"),
    ("NietGezochtNietBeschikbaar_12", "Niet gezocht, niet beschikbaar",
     "Niet-werkzame bevolking/Niet-beroepsbevolking/Niet gezocht, niet beschikbaar"),
)


# --------------------------------------------------------------------------- issue 11: aanbod
# The forecast, WW, youth, household and migration sources (evidence:
# docs/cbs-sources-issue11.md). Queries resolve topics by title and TopicGroup path and
# members by title; the keys below are the demo's where the evidence shows none.

_HOUSEHOLDS = "Bevolking/Particuliere huishoudens/Particuliere huishoudens"
_MIGRATION = "Bevolking/Bevolkingssamenstelling op 1 januari/Migratieachtergrond"
_KERNCIJFERS_HOUSEHOLDS_MIGRATION = (
    Topic("TotaalMetMigratieachtergrond_35", "Totaal met migratieachtergrond", "aantal",
          f"{_MIGRATION}/Met migratieachtergrond", "Long"),
    Topic("TotaalMetMigratieachtergrond_44", "Totaal met migratieachtergrond", "%",
          f"{_MIGRATION}/Migratieachtergrond, relatief/Met migratieachtergrond", decimals=1),
    Topic("TotaalAantalParticuliereHuishoudens_82", "Totaal aantal particuliere huishoudens", "aantal",
          _HOUSEHOLDS, "Long"),
    Topic("Eenpersoonshuishoudens_83", "Eenpersoonshuishoudens", "aantal", _HOUSEHOLDS, "Long"),
    Topic("Eenpersoonshuishoudens_86", "Eenpersoonshuishoudens", "%",
          "Bevolking/Particuliere huishoudens/Particuliere huishoudens, relatief", decimals=1),
)
_KERNCIJFERS_HOUSEHOLDS_MIGRATION_EVIDENCE = (
    ("Totaal aantal particuliere huishoudens: title, group path, unit", "confirmed"),
    ("household and migration keys _35, _82, _83, _86", "confirmed for one release (keys shift)"),
    ("key _44 of the relative Totaal met migratieachtergrond", "inferred (relative keys _43-_51)"),
    ("Totaal met migratieachtergrond (%) under 'Migratieachtergrond, relatief'", "confirmed"),
    ("group path of the absolute Eenpersoonshuishoudens and Totaal met migratieachtergrond",
     "inferred (demo: beside the total; the resolver prefers the topic outside '…, relatief')"),
    ("group of the relative Eenpersoonshuishoudens", "unknown (demo: 'Particuliere huishoudens, relatief')"),
    ("single-parent households (count or share)", "unknown: no topic seen; not used"),
    ("migration background in 2023 and later", "unknown (CBS moved other tables to Herkomstland; "
     "demo: empty for the last two years)"),
)

#: Gemeenten of 1 January 2021, the geo dimension of the forecast tables.
_REGIO_2021 = Dimension("RegioIndeling2021", "Regio-indeling 2021", "GeoDimension")

_ISSUE11_TABLES: list[TableSpec] = [
    TableSpec(
        table_id="85171NED",
        title="Regionale prognose 2023-2050; bevolking, regio-indeling 2021",
        dimensions=(
            Dimension("Geslacht", "Geslacht", members=(("T001038", "Totaal mannen en vrouwen"),)),
            Dimension("Leeftijd", "Leeftijd", members=(("10000", "Totaal"),)),
            _REGIO_2021, _perioden(),
        ),
        topics=(Topic("TotaleBevolking_1", "Totale bevolking", "x 1 000", decimals=1),),
        levels=("GM",),
        years=(2023, 2050),
        notes="CBS/PBL forecast (median); gemeenten of the 2021 indeling; no AM rows. The 67% "
              "interval (85173NED) exists per gemeente, COROP and provincie only: not summed.",
        evidence=(
            ("title, geo dimension key RegioIndeling2021, Geslacht T001038, Leeftijd 10000, topic key", "confirmed"),
            ("geo dimension type", "unknown (the client also takes a plain dimension of region keys)"),
            ("topic title and unit x 1 000 with one decimal", "confirmed for 85173NED, inferred here"),
            ("Geslacht title and member title", "unknown (query uses the keys; demo: CBS pattern)"),
            ("periods 2023JJ00-2050JJ00", "inferred from 85173NED"),
            ("levels: GM", "confirmed; NL, PV, CR unknown (demo: GM only); NL is the sum of the gemeenten"),
        ),
    ),
    TableSpec(
        table_id="85554NED",
        title="Personen met WW-uitkering, seizoengecorrigeerd; persoonskenmerken en regio",
        dimensions=(
            Dimension("Geslacht", "Geslacht", members=(("T001038", "Totaal mannen en vrouwen"),)),
            Dimension("Leeftijd", "Leeftijd", members=(("10000", "Totaal"),)),
            Dimension("Migratieachtergrond", "Migratieachtergrond", members=(("T001040", "Totaal"),)),
            Dimension("Marges", "Marges", members=(("MW00000", "Waarde"), ("MOG0095", "Ondergrens 95%-interval"),
                                                   ("MBG0095", "Bovengrens 95%-interval"))),
            _perioden(), _regio(),
        ),
        topics=(Topic("PersonenMetEenWerkloosheidsuitkering_1", "Personen met een werkloosheidsuitkering",
                      "aantal", None, "Long"),),
        levels=("NL", "AM"),
        frequency="MM",
        years=(2022, 2025),
        notes="Seasonally corrected; monthly ('2024 juli*'); values rounded to 10. Select Marges 'Waarde'.",
        evidence=(
            ("title", "confirmed"),
            ("dimension titles, totals, Marges 'Waarde' and 'Ondergrens 95%-interval', topic title, monthly "
             "periods, NL and AM rows", "inferred from predecessor 84556NED"),
            ("Migratieachtergrond (or Herkomstland)", "unknown; the query takes the total of any other dimension"),
            ("upper bound member, all keys except Perioden/RegioS", "unknown (demo: CBS pattern)"),
            ("GM rows", "unknown (demo: none); not queried: CBS's seasonally corrected figures do not add up"),
        ),
    ),
    TableSpec(
        table_id="86223NED",
        title="Arbeidsmarktsituatie jongeren (15 tot 27 jaar); regio (indeling 2025)",
        dimensions=(
            Dimension("Onderwijsvolgend", "Onderwijsvolgend", members=(
                ("T001142", "Totaal"), ("A047950", "Onderwijsvolgend"), ("A047951", "Niet onderwijsvolgend"))),
            Dimension("Arbeidskenmerken", "Arbeidskenmerken", members=(
                ("T001540", "Totaal"), ("A049711", "Werkzaam"), ("A049712", "Niet werkzaam"))),
            Dimension("Uitkering", "Uitkering", members=(
                ("T001543", "Totaal met of zonder uitkering"), ("A049721", "Met uitkering"),
                ("A049722", "Zonder uitkering"))),
            Dimension("GeregistreerdWerkzoekendeBijUWV", "Geregistreerd werkzoekende bij UWV", members=(
                ("A049731", "Geregistreerd werkzoekende bij UWV"),
                ("A049732", "Niet geregistreerd werkzoekende bij UWV"))),
            _regio(), _perioden(),
        ),
        topics=(Topic("Jongeren15Tot27Jaar_1", "Jongeren (15 tot 27 jaar)", "aantal", None, "Long"),),
        levels=("NL", "PV", "AM", "GM"),
        years=(2018, 2024),
        notes="Reference month October; values rounded to 100. Members recognised by title (youth.py).",
        evidence=(
            ("title, dimension keys", "confirmed"),
            ("dimension titles, members Totaal, Totaal met of zonder uitkering, Geregistreerd werkzoekende bij "
             "UWV, topic title, yearly periods, NL/LD/PV rows", "inferred from the 2024 edition 86087NED"),
            ("other members (not in education, (not) working, with/without a benefit, not registered)",
             "unknown (demo: a negated pair per dimension, no total in the UWV dimension)"),
            ("AM and GM rows", "inferred from the 2022 edition (demo: both; AM rows are used, GM summed "
             "only where an AM row is absent)"),
            ("member and topic keys", "unknown (demo: CBS pattern)"),
        ),
    ),
]

_ISSUE11_QUERIES: list[Query] = [
    Query("households", "70072NED", topics=(
        ("bevolking", "Bevolking/Totale bevolking"),
        ("huishoudens", "Particuliere huishoudens/Totaal aantal particuliere huishoudens"),
        ("eenpersoons", "Particuliere huishoudens/Eenpersoonshuishoudens"),
        ("migratieachtergrond", "Migratieachtergrond/Totaal met migratieachtergrond"),
    ), levels=("NL", "GM"), periods=PeriodSelection("JJ", count=11)),
    Query("population_forecast", "85171NED", topics=(("bevolking", "Totale bevolking"),),
          filters=(("Geslacht", ("T001038",)), ("Leeftijd", ("10000",))),
          levels=("GM",), periods=PeriodSelection("JJ", count=28)),
    Query("ww", "85554NED", topics=(("ww", "Personen met een werkloosheidsuitkering"),),
          filters=(("Marges", ("Waarde",)),),
          levels=("NL", "AM"), periods=PeriodSelection("MM", count=37)),
    Query("youth", "86223NED", topics=(("jongeren", "Jongeren (15 tot 27 jaar)"),),
          filters=tuple((dim, ()) for dim in ("Onderwijsvolgend", "Arbeidskenmerken", "Uitkering",
                                              "GeregistreerdWerkzoekendeBijUWV")),
          levels=("NL", "AM", "GM"), periods=PeriodSelection("JJ", count=6)),
]

_UITKERINGEN = "Uitkeringsontvangers per soort uitkering"

_TABLE_LIST: list[TableSpec] = [
    *[_gebieden_spec(y, t) for y, t in GEBIEDEN_TABLES.items()],
    TableSpec(
        table_id="70072NED",
        title="Regionale kerncijfers Nederland",
        dimensions=(_regio(), _perioden()),
        topics=(
            Topic("TotaleBevolking_1", "Totale bevolking", "aantal", "Bevolking/Bevolkingssamenstelling op 1 januari",
                  "Long"),
            *(Topic(key, title, "aantal", "Bevolking/Bevolkingssamenstelling op 1 januari/Leeftijd/Leeftijdsgroepen",
                    "Long")
              for key, title in (("JongerDan5Jaar_4", "Jonger dan 5 jaar"), ("k_5Tot10Jaar_5", "5 tot 10 jaar"),
                                 ("k_10Tot15Jaar_6", "10 tot 15 jaar"), ("k_15Tot20Jaar_7", "15 tot 20 jaar"),
                                 ("k_20Tot25Jaar_8", "20 tot 25 jaar"), ("k_25Tot45Jaar_9", "25 tot 45 jaar"),
                                 ("k_45Tot65Jaar_10", "45 tot 65 jaar"), ("k_65Tot80Jaar_11", "65 tot 80 jaar"),
                                 ("k_80JaarOfOuder_12", "80 jaar of ouder"))),
            # Same titles again, relative; where their group nests is unknown. The demo
            # nests it inside the absolute group, the harder case for the resolver.
            *(Topic(key, title, "%",
                    "Bevolking/Bevolkingssamenstelling op 1 januari/Leeftijd/Leeftijdsgroepen/"
                    "Leeftijdsgroepen, relatief", decimals=1)
              for key, title in (("JongerDan5Jaar_13", "Jonger dan 5 jaar"), ("k_65Tot80Jaar_20", "65 tot 80 jaar"),
                                 ("k_80JaarOfOuder_21", "80 jaar of ouder"))),
            *_KERNCIJFERS_HOUSEHOLDS_MIGRATION,
        ),
        levels=("NL", "LD", "PV", "CR", "GM"),
        years=(2016, 2026),
        notes="No AM rows: aggregate gemeenten. Population and age groups on 1 January.",
        evidence=(
            ("title, keys, titles and group paths of Totale bevolking and the age groups", "confirmed"),
            ("levels NL, LD, PV, CR, GM; no AM", "confirmed"),
            ("relative age groups: group path", "unknown (demo: nested inside Leeftijdsgroepen)"),
            *_KERNCIJFERS_HOUSEHOLDS_MIGRATION_EVIDENCE,
        ),
    ),
    TableSpec(
        table_id="03759ned",
        title="Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio",
        dimensions=(
            _GESLACHT,
            Dimension("Leeftijd", "Leeftijd", members=(*_ages_03759(), ("22300", "105 jaar of ouder"))),
            Dimension("BurgerlijkeStaat", "Burgerlijke staat", members=(("T001019", "Totaal burgerlijke staat"),)),
            _regio(), _perioden(),
        ),
        topics=(
            Topic("BevolkingOp1Januari_1", "Bevolking op 1 januari", "aantal", None, "Long"),
            Topic("GemiddeldeBevolking_2", "Gemiddelde bevolking", "aantal", None, "Long"),
        ),
        levels=("NL", "GM"),
        years=(2016, 2026),
        notes="About 98 million cells: always filter RegioS, Perioden and Leeftijd.",
        evidence=(
            ("title, dimension keys, member keys, topics", "confirmed"), ("levels NL, GM", "confirmed"),
            ("title of BurgerlijkeStaat T001019", "unknown (queries use the key)"),
        ),
    ),
    _arbeidsdeelname_spec(),
    TableSpec(
        table_id="86111NED",
        title="Arbeidsdeelname; binding arbeidsmarkt; regio (indeling 2024)",
        dimensions=(_GESLACHT, _regio(), _perioden()),
        topics=tuple(Topic(key, title, "x 1 000", group) for key, title, group in _BINDING_TOPICS),
        levels=("NL", "LD", "PV", "AM"),
        years=(2019, 2024),
        notes="No 'Onbenut arbeidspotentieel' topic: it is computed from its parts.",
        evidence=(
            ("title", "confirmed"), ("dimension Geslacht, topics, group paths, units", "inferred (84915NED, 85969NED)"),
            ("keys", "unknown (demo: CBS pattern)"),
            ("levels", "unknown; predecessors NL, LD, PV, GM (demo: NL, LD, PV, AM)"),
        ),
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
            Topic("k_1BasisonderwijsVmboMbo1_2", "1 Basisonderwijs, vmbo, mbo1", "%", "Onderwijsniveau 3 categorieën",
                  decimals=1),
            Topic("k_2HavoVwoMbo24_3", "2 Havo, vwo, mbo2-4", "%", "Onderwijsniveau 3 categorieën", decimals=1),
            Topic("k_3HboWo_4", "3 Hbo, wo", "%", "Onderwijsniveau 3 categorieën", decimals=1),
        ),
        levels=("NL", "LD", "PV", "GM"),
        years=(2020, 2024),
        notes="Reference date 1 October. Bevolking rounded to 100. GM0088 has no values.",
        evidence=(
            ("title, dimensions, T001038, 52052, Bevolking, k_3HboWo_4, levels NL/LD/PV/GM", "confirmed"),
            ("3-category titles", "inferred (85624NED)"),
            ("3-category group title, key Bevolking_1", "unknown (queries use the titles only)"),
        ),
    ),
    TableSpec(
        table_id="80794ned",
        title="Personen met een uitkering; uitkeringsontvangers per regio",
        dimensions=(_regio(), _perioden()),
        topics=(
            Topic("UitkeringsontvangersTotaal_1", "Uitkeringsontvangers, totaal", "aantal personen",
                  "Uitkeringsontvangers, totaal", "Long"),
            Topic("TotDeAOWLeeftijd_2", "Tot de AOW- leeftijd", "aantal personen", "Uitkeringsontvangers, totaal", "Long"),
            Topic("VanafDeAOWLeeftijd_3", "Vanaf de AOW- leeftijd", "aantal personen", "Uitkeringsontvangers, totaal",
                  "Long"),
            Topic("Werkloosheid_4", "Werkloosheid", "aantal personen", _UITKERINGEN, "Long"),
            Topic("BijstandGerelateerdTotAOWLeeftijd_5", "Bijstand(gerelateerd) tot AOW-leeftijd", "aantal personen",
                  f"{_UITKERINGEN}/Bijstand en bijstandsgerelateerd", "Long"),
            Topic("BijstandGerelateerdVanafAOWLeeftijd_6", "Bijstand(gerelateerd) vanaf AOW-leeftijd", "aantal personen",
                  f"{_UITKERINGEN}/Bijstand en bijstandsgerelateerd", "Long"),
            Topic("BijstandTotDeAOWLeeftijd_7", "Bijstand tot de AOW-leeftijd", "aantal personen",
                  f"{_UITKERINGEN}/Bijstand en bijstandsgerelateerd", "Long"),
            Topic("ArbeidsongeschiktheidTotaal_8", "Arbeidsongeschiktheid, totaal", "aantal personen",
                  f"{_UITKERINGEN}/Arbeidsongeschiktheid", "Long"),
            Topic("WAOUitkering_9", "WAO-uitkering", "aantal personen", f"{_UITKERINGEN}/Arbeidsongeschiktheid", "Long"),
            Topic("WIAUitkeringWGARegeling_10", "WIA-uitkering: WGA-regeling", "aantal personen",
                  f"{_UITKERINGEN}/Arbeidsongeschiktheid", "Long"),
            Topic("WajongUitkering_11", "Wajong-uitkering", "aantal personen", f"{_UITKERINGEN}/Arbeidsongeschiktheid",
                  "Long"),
            Topic("AlgemeneOuderdomswet_12", "Algemene Ouderdomswet", "aantal personen", _UITKERINGEN, "Long"),
        ),
        levels=("NL", "LD", "PV", "GM"),
        frequency="MM",
        years=(2022, 2025),
        notes="Monthly ('2024 juli'), values rounded to 10. No AM rows: aggregate gemeenten.",
        evidence=(
            ("title, keys _1 to _10, their titles and groups, monthly periods, NL/LD/PV/GM", "confirmed"),
            ("Wajong-uitkering title", "inferred"), ("title of AlgemeneOuderdomswet_12", "unknown (not used)"),
        ),
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
        topics=(Topic("ReIntegratieParticipatievoorzieningen_1", "Re-integratie-/participatievoorzieningen",
                      "aantal", None, "Long"),),
        levels=("NL", "LD", "PV", "CR", "GM"),
        frequency="MM",
        years=(2023, 2025),
        notes="Trend break January 2023 (transaction system).",
        evidence=(
            ("title, dimension titles, type members, status total, topic, monthly periods", "confirmed"),
            ("levels NL, LD, PV, CR", "confirmed"),
            ("dimension and member keys", "unknown (queries use the dimension titles; demo: CBS pattern)"),
            ("member 'Lopende voorzieningen'", "unknown (demo: present)"),
            ("GM level", "unknown (demo: published)"),
        ),
    ),
    *[TableSpec(
        table_id=table_id,
        title=title,
        dimensions=(Dimension("Onderwijssoort", "Onderwijssoort", members=members), _regio("Woonregio's"),
                    _perioden()),
        topics=(Topic(topic_key, topic_title, "aantal", None, "Long"),),
        levels=("NL", "LD", "PV", "CR", "GM"),
        years=(2019, 2024),
        notes="Rounded to tens. School-year periods (demo: keys YYYYJJ00, titles 2023/'24).",
        evidence=(
            ("title, Onderwijssoort keys, levels LD/PV/CR/GM", "confirmed"),
            ("topic key and title", "unknown (queries take the table's only topic)"),
            ("member titles, geo dimension title, NL row", "unknown (queries use the keys)"),
            ("period keys", "unknown (demo: YYYYJJ00 with school-year titles)"),
        ),
    ) for table_id, title, topic_key, topic_title, members in (
        ("85701NED", "Leerlingen en studenten; onderwijssoort, woonregio", "LeerlingenEnStudenten_1",
         "Leerlingen en studenten", (
             ("A041867", "Mbo, totaal (excl. extranei)"), ("A042650", "Mbo entreeopleiding"),
             ("A042656", "Mbo niveau 2"), ("A042662", "Mbo niveau 3"), ("A042668", "Mbo niveau 4"),
             ("A025294", "Hbo"), ("A025297", "Wo"))),
        ("85702NED", "Gediplomeerden; onderwijssoort, woonregio", "Gediplomeerden_1", "Gediplomeerden", (
            ("A025290", "Mbo, totaal (incl. extranei)"), ("A042649", "Mbo entreeopleiding"),
            ("A042655", "Mbo niveau 2"), ("A042661", "Mbo niveau 3"), ("A042667", "Mbo niveau 4"),
            ("A028669", "Hbo associate degree"), ("A043049", "Hbo bachelor"), ("A043051", "Hbo master"),
            ("A043054", "Wo bachelor"), ("A043055", "Wo master"))),
    )],
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
        notes="Period keys YYYYJJ00 titled '2024 december'; latest year voorlopig (*), the one before "
              "nader voorlopig (**). Small gemeente cells are secret ('.').",
        evidence=(
            ("title, dimension, topic, period keys and titles, levels PV/CR/GM", "confirmed"),
            ("SBI members", "partly confirmed (see SBI_SECTIONS)"), ("NL01 row", "unknown (demo: published)"),
        ),
    ),
    TableSpec(
        table_id="83599NED",
        title="Openstaande vacatures; SBI 2008, regio",
        dimensions=(
            Dimension("BedrijfstakkenBranchesSBI2008", "Bedrijfstakken/branches (SBI 2008)", members=SBI_SECTIONS),
            _regio(), _perioden(),
        ),
        topics=(Topic("OpenstaandeVacatures_1", "Openstaande vacatures", "x 1 000", decimals=1),),
        levels=("NL", "PV"),
        frequency="KW",
        years=(2019, 2025),
        notes="CBS publishes no vacancies per arbeidsmarktregio; quarters titled '2026 2e kwartaal'.",
        evidence=(
            ("title, dimension key, topic key, quarterly periods, levels NL/PV", "confirmed"),
            ("topic title and unit", "inferred"), ("dimension title", "unknown (demo: as in 83582NED)"),
        ),
    ),
    TableSpec(
        table_id="86112NED",
        title="Werkzame beroepsbevolking; beroep en regio's (indeling 2024)",
        dimensions=(
            _GESLACHT,
            Dimension("Persoonskenmerken", "Persoonskenmerken", members=(
                _TOTAL_PERSONS, ("53950", "Leeftijd: 55 tot 75 jaar"))),
            Dimension("Beroep", "Beroep", members=BEROEPSKLASSEN),
            _regio(), _perioden(),
        ),
        topics=(Topic("WerkzameBeroepsbevolking_1", "Werkzame beroepsbevolking", "x 1 000"),),
        levels=("NL", "PV", "AM"),
        years=(2019, 2024),
        notes="BRC 2014 beroepsklassen.",
        evidence=(
            ("title", "confirmed"), ("Beroep dimension, member titles, topic", "inferred (85276NED, 83359NED)"),
            ("Geslacht and Persoonskenmerken dimensions", "unknown (85276NED has both; demo: present)"),
            ("keys, levels", "unknown (demo: CBS pattern; NL, PV, AM)"),
        ),
    ),
    TableSpec(
        table_id="85315NED",
        title="Leven lang ontwikkelen; bevolking (15 tot 75 jaar)",
        dimensions=(
            _GESLACHT,
            Dimension("Persoonskenmerken", "Persoonskenmerken", members=(
                _TOTAL_PERSONS, ("53715", "Leeftijd: 25 tot 65 jaar"),
                ("2018700", "Onderwijsniveau: laag"), ("2018740", "Onderwijsniveau: middelbaar"),
                ("2018790", "Onderwijsniveau: hoog"))),
            Dimension("Arbeidspositie", "Arbeidspositie", members=(("A028821", "Beroeps- en niet beroepsbevolking"),)),
            Dimension("LevenLangOntwikkelen", "Leven lang ontwikkelen", members=(
                ("T001565", "Totaal"), ("A050101", "Deelname leven lang ontwikkelen"),
                ("A050102", "Geen deelname leven lang ontwikkelen"), ("A050103", "Volgt formeel onderwijs"),
                ("A050104", "Volgt niet-formeel onderwijs"))),
            _perioden(),
        ),
        topics=(Topic("Bevolking15Tot75Jaar_1", "Bevolking 15 tot 75 jaar", "x 1 000"),),
        levels=(),
        years=(2019, 2024),
        notes="National only. One count topic: the participation % is computed.",
        evidence=(
            ("title, dimension titles, the members Totaal personen, Leeftijd: 25 tot 65 jaar, Beroeps- en niet "
             "beroepsbevolking, Totaal, Deelname/Geen deelname leven lang ontwikkelen, topic, national only",
             "confirmed"),
            ("members Volgt formeel / niet-formeel onderwijs", "inferred (85316NED)"),
            ("education members, all keys except Persoonskenmerken/Perioden", "unknown (demo: CBS pattern)"),
        ),
    ),
]


# --------------------------------------------------------------------------- issue 11, vraag: werkkring, pendel
# Evidence: ../shared/data/cbs-metadata/86008NED.json and 85481NED.json; the facts and
# their sources are in docs/cbs-sources-issue11.md. Member keys of 86008NED were never
# seen: the demo world uses CBS-pattern keys, the queries select members by title.

#: Herkomstland members of 86008NED as the page shows them (the last title is cut short
#: there and its full text is unknown, so the demo serves it as seen).
_HERKOMSTLAND = ("Totaal", "Nederland", "Europa (exclusief Nederland)", "Buiten Europa", "Indonesië", "Marokko",
                 "Nederlandse Cariben", "Suriname", "Turkije", "Buiten Europa (excl. 5 grote herkomst...")
_POSITIE = "Positie in de werkkring"
_WORK_POSITIONS_TABLE = TableSpec(
    table_id="86008NED",
    title="Arbeidsdeelname; gemeenten (regio-indeling 2024)",
    dimensions=(
        Dimension("Geslacht", "Geslacht", members=(("T001038", "Totaal mannen en vrouwen"),)),
        Dimension("Persoonskenmerken", "Persoonskenmerken", members=(_TOTAL_PERSONS,)),
        Dimension("GeboortelandOuders", "Geboorteland (ouders)", members=(
            ("T001638", "Totaal"), ("A048906", "Geboren in Nederland"))),
        Dimension("Herkomstland", "Herkomstland", members=tuple(
            (("T001040" if i == 0 else f"H{i:06d}"), title) for i, title in enumerate(_HERKOMSTLAND))),
        _regio(), _perioden(),
    ),
    topics=(
        Topic("BeroepsEnNietBeroepsbevolking_1", "Beroeps- en niet-beroepsbevolking", "aantal", "Arbeidsdeelname",
              "Long"),
        Topic("WerkzameBeroepsbevolking_2", "Werkzame beroepsbevolking", "aantal", "Arbeidsdeelname", "Long"),
        Topic("NettoArbeidsparticipatie_3", "Netto arbeidsparticipatie", "%", "Arbeidsdeelname"),
        *(Topic(key, title, "% van de werkzame bevolking", f"{_POSITIE}/{group}")
          for key, title, group in (
              ("Werknemer_4", "Werknemer", "Werknemer"),
              ("WerknemerMetVasteArbeidsrelatie_5", "Werknemer met vaste arbeidsrelatie", "Werknemer"),
              ("WerknemerMetFlexibeleArbeidsrelatie_6", "Werknemer met flexibele arbeidsrelatie", "Werknemer"),
              ("Zelfstandige_7", "Zelfstandige", "Zelfstandige"),
              ("ZelfstandigeZonderPersoneelZzp_8", "Zelfstandige zonder personeel (zzp)", "Zelfstandige"),
              ("ZelfstMetPersoneelEnMeewGezinslid_9", "Zelfst. met personeel en meew. gezinslid", "Zelfstandige"))),
    ),
    levels=("CR", "GM"),
    years=(2023, 2024),
    notes="Register-based, per gemeente (indeling 2024). Rates in whole percents; counts per gemeente. "
          "No AM rows: aggregate gemeenten (shares weighted by the employed, participation from the counts).",
    evidence=(
        ("title; dimension titles; Totaal members; Herkomstland titles; Netto arbeidsparticipatie "
         "(group, %, whole percents); CR and GM rows; period 2023*", "confirmed"),
        ("dimension keys; topic keys; count and position topics, their groups and units", "inferred (86339NED, "
         "86258NED)"),
        ("member keys", "unknown (demo: CBS pattern; queries use the Totaal rule)"),
        ("NL, LD, PV, AM rows", "unknown (demo: none, NL is the sum of the gemeenten)"),
        ("periods other than 2023", "unknown (demo: 2023 and 2024)"),
    ),
)

_COMMUTING_TABLE = TableSpec(
    table_id="85481NED",
    title="Werknemersbanen en reisafstand; woon- en werkregio",
    dimensions=(
        Dimension("WoonregioS", "Woonregio's", "GeoDimension"),
        Dimension("WerkregioS", "Werkregio's", "GeoDimension"),
        _perioden(),
    ),
    topics=(Topic("BanenVanWerknemers_1", "Banen van werknemers", "x 1 000", decimals=1),),
    levels=("NL", "GM"),
    frequency="MM",
    years=(2022, 2024),
    notes="Two geo dimensions, GM x GM from 2021; December periods YYYYMM12. GM0000 = gemeente unknown. "
          "Thousands with one decimal (pairs under 50 jobs show 0). Filter one WoonregioS chunk per request.",
    evidence=(
        ("dimension keys WoonregioS, WerkregioS; topic key and unit; December periods; GM0000; NL total; "
         "GM level", "confirmed"),
        ("topic title", "inferred (v4 'Banen van werknemers'; queries take the table's only topic)"),
        ("dimension titles", "unknown (demo: Woonregio's, Werkregio's)"),
        ("key of the all-regions total", "conflicting NL01/NL00 (demo: NL01; never summed)"),
        ("reisafstand topics", "unknown (demo: none)"),
        ("indeling of the keys per period", "unknown (demo: each December's own indeling)"),
    ),
)

_TABLE_LIST += [_WORK_POSITIONS_TABLE, _COMMUTING_TABLE]
_TABLE_LIST += _ISSUE11_TABLES

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


#: Members the indicators select (query filter values, matched by the rules of
#: :mod:`regiobeeld.core.shapes`), named once so indicators can say what they need.
TOTAL_PERSONS = _TOTAL_PERSONS[1]
TOTAL_PERSONS_KEY = _TOTAL_PERSONS[0]       # the key the demo world and test server publish
AGE_55_75 = "Leeftijd: 55 tot 75 jaar"
EDUCATION_MEMBERS = ("Onderwijsniveau: laag", "Onderwijsniveau: middelbaar", "Onderwijsniveau: hoog")
RUNNING_PROVISIONS = "Lopende voorzieningen"

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
    ), filters=(("Persoonskenmerken", tuple(t for _, t in _PERSOONSKENMERKEN_AD)),),
        levels=("NL", "PV", "AM"), periods=PeriodSelection("JJ", count=10)),
    Query("potential", "86111NED", topics=(
        ("bevolking_15_75", "Beroeps- en niet-beroepsbevolking"),
        ("werkloos", "Werkloze beroepsbevolking/Werkloze beroepsbevolking"),
        ("onderbenut_deeltijd", "Werkzame beroepsbevolking/Wil meer uren werken, beschikbaar"),
        ("beschikbaar_niet_gezocht", "Niet-beroepsbevolking/Beschikbaar, niet gezocht"),
        ("gezocht_niet_beschikbaar", "Niet-beroepsbevolking/Gezocht, niet beschikbaar"),
    ), levels=("NL", "PV", "AM"), periods=PeriodSelection("JJ", count=6)),
    Query("education_level", "85525NED", topics=(
        ("bevolking_15_75", "Bevolking"),
        ("laag_pct", "1 Basisonderwijs, vmbo, mbo1"),
        ("middelbaar_pct", "2 Havo, vwo, mbo2-4"),
        ("hoog_pct", "3 Hbo, wo"),
    ), filters=(("Geslacht", ("T001038",)), ("Leeftijd", ("52052",))),
        levels=("NL", "GM"), periods=PeriodSelection("JJ", count=5)),
    Query("benefits", "80794ned", topics=(
        ("totaal", "Uitkeringsontvangers, totaal/Uitkeringsontvangers, totaal"),
        ("tot_aow", "Uitkeringsontvangers, totaal/Tot de AOW- leeftijd"),
        ("ww", f"{_UITKERINGEN}/Werkloosheid"),
        ("bijstand", "Bijstand en bijstandsgerelateerd/Bijstand tot de AOW-leeftijd"),
        ("arbeidsongeschikt", "Arbeidsongeschiktheid/Arbeidsongeschiktheid, totaal"),
        ("wajong", "Arbeidsongeschiktheid/Wajong-uitkering"),
    ), levels=("NL", "GM"), periods=PeriodSelection("MM", count=37)),
    Query("reintegration", "85588NED", topics=(("voorzieningen", "Re-integratie-/participatievoorzieningen"),),
          filters=(("Type re-integratie participatievoorz.", ()),
                   ("Status voorziening einde verslagperiode", (RUNNING_PROVISIONS,))),
          levels=("NL", "GM"), periods=PeriodSelection("MM", count=13)),
    Query("pupils", "85701NED", topics=(("leerlingen", "*"),), filters=(("Onderwijssoort", ()),),
          levels=("NL", "GM"), periods=PeriodSelection("JJ", count=5)),
    Query("graduates", "85702NED", topics=(("gediplomeerden", "*"),), filters=(("Onderwijssoort", ()),),
          levels=("NL", "GM"), periods=PeriodSelection("JJ", count=5)),
    Query("jobs", "83582NED", topics=(("banen", "Banen van werknemers in december"),),
          filters=(("BedrijfstakkenBranchesSBI2008", ()),),
          levels=("NL", "PV", "GM"), periods=PeriodSelection("JJ", count=6)),
    Query("vacancies", "83599NED", topics=(("vacatures", "Openstaande vacatures"),),
          filters=(("BedrijfstakkenBranchesSBI2008", ()),),
          levels=("NL", "PV"), periods=PeriodSelection("KW", count=8)),
    Query("occupations", "86112NED", topics=(("werkzaam", "Werkzame beroepsbevolking"),),
          filters=(("Persoonskenmerken", (TOTAL_PERSONS, AGE_55_75)), ("Beroep", ())),
          levels=("NL", "PV", "AM"), periods=PeriodSelection("JJ", count=5)),
    Query("lifelong_learning", "85315NED", topics=(("bevolking", "Bevolking 15 tot 75 jaar"),),
          filters=(("Persoonskenmerken", (TOTAL_PERSONS, *EDUCATION_MEMBERS)),
                   ("Arbeidspositie", ("Beroeps- en niet beroepsbevolking",)),
                   ("Leven lang ontwikkelen", ())),
          periods=PeriodSelection("JJ", count=6)),
]


# --------------------------------------------------------------------------- issue 11, vraag: werkkring, pendel

#: The "Totaal…" member of a person dimension (matched by the robust rule of :mod:`.shapes`).
TOTAL = "Totaal"
#: The person dimensions of 86008NED (titles, confirmed), each restricted to its total.
_PERSON_TOTALS = tuple((dim, (TOTAL,)) for dim in ("Geslacht", "Persoonskenmerken", "Geboorteland (ouders)",
                                                     "Herkomstland"))
_QUERY_LIST += [
    Query("work_positions", "86008NED", topics=(
        ("werkzaam", "Arbeidsdeelname/Werkzame beroepsbevolking"),
        ("vast_pct", f"{_POSITIE}/Werknemer/Werknemer met vaste arbeidsrelatie"),
        ("flex_pct", f"{_POSITIE}/Werknemer/Werknemer met flexibele arbeidsrelatie"),
        ("zelfstandig_pct", f"{_POSITIE}/Zelfstandige/Zelfstandige"),
        ("zzp_pct", f"{_POSITIE}/Zelfstandige/Zelfstandige zonder personeel (zzp)"),
    ), filters=_PERSON_TOTALS, levels=("GM",), periods=PeriodSelection("JJ", count=2)),
    Query("register_counts", "86008NED", topics=(
        ("bevolking", "Arbeidsdeelname/Beroeps- en niet-beroepsbevolking"),
        ("werkzaam", "Arbeidsdeelname/Werkzame beroepsbevolking"),
    ), filters=_PERSON_TOTALS, levels=("GM",), periods=PeriodSelection("JJ", count=2)),
    Query("commuting", "85481NED", topics=(("banen", "*"),), levels=("GM",),
          periods=PeriodSelection("MM", count=1)),
]
_QUERY_LIST += _ISSUE11_QUERIES

QUERIES: dict[str, Query] = {q.name: q for q in _QUERY_LIST}


def query(name: str) -> Query:
    """The query called ``name``; raises ``KeyError`` naming the known queries."""
    try:
        return QUERIES[name]
    except KeyError:
        raise KeyError(f"Unknown query {name!r}; known: {', '.join(sorted(QUERIES))}") from None
