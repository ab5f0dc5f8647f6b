"""The indicators regiobeeld computes, in presentation order (see :class:`IndicatorSpec`).

Levels: ``"AM"`` CBS publishes the arbeidsmarktregio; ``"GM→AM"`` the sum of the
region's gemeenten (membership of the period's own year); ``"PV"`` the province where
most of the region's inhabitants live; ``"GM×GM→AM"`` per region from the sums of
gemeente pairs, not ranked (a list of partner regions); ``"NL"`` national only.
"""

from __future__ import annotations

from functools import partial

from ..core import catalog
from . import aanbod, commuting, forecast, households, mismatch, positions, vraag, ww, youth
from .aggregate import counts_to_regions
from .model import IndicatorSpec, Input
from .published import published_or_summed

__all__ = ["SPECS", "THEMES", "LEVEL_TEXT", "specs_of_theme"]

#: Theme id → Dutch title.
THEMES = {"aanbod": "Aanbod", "vraag": "Vraag", "mismatch": "Mismatch"}
#: Level → what it means, for the reader of ``indicators.csv``.
LEVEL_TEXT = {
    "AM": "arbeidsmarktregio, zoals CBS die publiceert",
    "GM→AM": "arbeidsmarktregio, opgeteld uit de gemeenten van de regio",
    "PV": "provincie waar de meeste inwoners van de regio wonen (CBS publiceert geen regiocijfer)",
    "GM×GM→AM": "arbeidsmarktregio, opgeteld uit paren van woon- en werkgemeente; zonder rang",
    "NL": "alleen landelijk (CBS publiceert geen regiocijfer)",
}

_PER_1000 = "per 1.000 inwoners van 15 tot 65 jaar"
_PER_100_WORKING_AGE = "per 100 inwoners van 20 tot 65 jaar"

_AGES = ("0-5", "5-10", "10-15", "15-20", "20-25", "25-45", "45-65", "65-80", "80+")
_POP_TOTAL = Input("population", topics=("bevolking",))
_POP_AGES = Input("population", topics=_AGES)
_POP_15_65 = Input("population", topics=("15-20", "20-25", "25-45", "45-65"))
_EDUCATION = Input("education_level", weighted_by="bevolking_15_75")
_JOBS = Input("jobs")
_VACANCIES = Input("vacancies")
_TOTAL_PERSONS = ("Persoonskenmerken", catalog.TOTAL_PERSONS)
_POSITIONS = Input("work_positions", weighted_by="werkzaam")
_COMMUTING = Input("commuting", pairs_with="WerkregioS")
_RUNNING = ("Status voorziening einde verslagperiode", catalog.RUNNING_PROVISIONS)


def _labour(topic: str) -> Input:
    """The labour query, of which an indicator needs ``topic`` for all persons."""
    return Input("labour", topics=(topic,), members=(_TOTAL_PERSONS,))


def _commuting_top(direction: str, label: str, who: str, category_label: str) -> IndicatorSpec:
    """``commuting_top_<direction>``: the five largest partner regions (not ranked)."""
    return IndicatorSpec(
        id=f"commuting_top_{direction}",
        theme="vraag",
        label=label,
        unit="x 1 000",
        decimals=1,
        level="GM×GM→AM",
        inputs=(_COMMUTING,),
        compute=partial(commuting.commuting_top, direction=direction),
        definition=f"De vijf arbeidsmarktregio's waar {who} (banen van werknemers x 1 000, december; som van "
                   "paren van woon- en werkgemeente).",
        category_label=category_label,
        region_categories=True,
    )


# ---------------------------------------------------------------------- issue 11: aanbod
_FORECAST = Input("population_forecast", combine=forecast.forecast_regions)
_YOUTH = Input("youth", combine=published_or_summed)
_OF_YOUTH = "van alle jongeren van 15 tot 27 jaar"


def _households(*topics: str) -> Input:
    """The households query (70072NED counts), of which an indicator needs ``topics``."""
    return Input("households", topics=topics, combine=counts_to_regions)


def _youth(indicator: str, label: str, compute, definition: str) -> IndicatorSpec:
    """A youth share of 86223NED (AM rows as CBS publishes them)."""
    return IndicatorSpec(id=indicator, theme="aanbod", label=label, unit="%", decimals=1, level="AM",
                         inputs=(_YOUTH,), compute=compute, definition=definition, higher_is="worse",
                         share_of=_OF_YOUTH)


_AANBOD_ISSUE11 = [
    IndicatorSpec(
        id="population_forecast_index",
        theme="aanbod",
        label="Bevolkingsprognose (index, nu = 100)",
        unit="index (nu = 100)",
        decimals=1,
        level="GM→AM",
        inputs=(_FORECAST, _POP_TOTAL),
        compute=forecast.population_forecast_index,
        definition="Prognose van het aantal inwoners in 2030, 2040 en 2050 (CBS/PBL, middenvariant) als index: "
                   "inwoners volgens de prognose / inwoners nu x 100, met nu het laatste jaar waarvan CBS het "
                   "aantal inwoners publiceert. De prognose is per gemeente van de indeling 2021; gemeenten die "
                   "sindsdien zijn samengevoegd tellen mee in de regio van hun opvolger. Een prognose is "
                   "onzeker; CBS publiceert geen onzekerheidsmarge per regio (alleen per gemeente, COROP-gebied "
                   "en provincie), en marges van gemeenten zijn niet op te tellen.",
        headline=True,
        forecast_year=forecast.HEADLINE_YEAR,
        per_gemeente=False,     # its gemeenten are those of 2021, not of the period shown
    ),
    IndicatorSpec(
        id="one_person_households",
        theme="aanbod",
        label="Eenpersoonshuishoudens",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_households("huishoudens", "eenpersoons"),),
        compute=households.one_person_households,
        definition="Eenpersoonshuishoudens als percentage van alle particuliere huishoudens op 1 januari; "
                   "regio = opgetelde aantallen van de gemeenten.",
        share_of="van de particuliere huishoudens",
    ),
    IndicatorSpec(
        id="migration_background",
        theme="aanbod",
        label="Inwoners met een migratieachtergrond",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_households("bevolking", "migratieachtergrond"),),
        compute=households.migration_background,
        definition="Inwoners met een migratieachtergrond als percentage van alle inwoners op 1 januari; regio = "
                   "opgetelde aantallen van de gemeenten. De reeks stopt bij het laatste jaar waarvoor CBS dit "
                   "in deze tabel publiceert.",
        share_of="van de inwoners",
    ),
    IndicatorSpec(
        id="ww_rate",
        theme="aanbod",
        label="WW-uitkeringen",
        unit="per 1.000 van de beroepsbevolking",
        decimals=1,
        level="AM",
        inputs=(Input("ww"), _labour("beroepsbevolking")),
        compute=ww.ww_rate_from_labour,
        definition="Personen met een WW-uitkering (seizoengecorrigeerd, per maand) per 1.000 personen in de "
                   "beroepsbevolking van hetzelfde jaar (of het laatste jaar daarvoor).",
        higher_is="worse",
        headline=True,
    ),
    _youth("youth_neet", "Jongeren zonder onderwijs en zonder werk", youth.youth_neet,
           "Jongeren van 15 tot 27 jaar die geen onderwijs volgen en niet werken, als percentage van alle "
           "jongeren van 15 tot 27 jaar (oktober)."),
    _youth("youth_benefit", "Jongeren met een uitkering", youth.youth_benefit,
           "Jongeren van 15 tot 27 jaar met een uitkering, als percentage van alle jongeren van 15 tot 27 jaar "
           "(oktober)."),
    _youth("youth_registered", "Jongeren ingeschreven bij UWV", youth.youth_registered,
           "Jongeren van 15 tot 27 jaar die als werkzoekende bij UWV staan ingeschreven, als percentage van alle "
           "jongeren van 15 tot 27 jaar (oktober)."),
]


_SPEC_LIST = [
    # ------------------------------------------------------------------ aanbod
    IndicatorSpec(
        id="population",
        theme="aanbod",
        label="Inwoners",
        unit="aantal",
        decimals=0,
        level="GM→AM",
        inputs=(_POP_TOTAL,),
        compute=aanbod.population,
        definition="Aantal inwoners op 1 januari.",
        headline=True,
        gemeente_overview=True,
    ),
    IndicatorSpec(
        id="population_growth",
        theme="aanbod",
        label="Groei inwoners",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_POP_TOTAL,),
        compute=aanbod.population_growth,
        window=5,
        definition="Procentuele groei van het aantal inwoners over 5 jaar: (inwoners jaar t / inwoners "
                   "jaar t-5 - 1) x 100.",
        headline=True,
        gemeente_overview=True,
    ),
    IndicatorSpec(
        id="age_structure",
        theme="aanbod",
        label="Leeftijdsopbouw",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_POP_AGES,),
        compute=aanbod.age_structure,
        definition="Aandeel van elke leeftijdsgroep in het totaal aantal inwoners op 1 januari.",
        category_label="Leeftijd",
    ),
    IndicatorSpec(
        id="age_pyramid",
        theme="aanbod",
        label="Bevolkingspiramide",
        unit="aantal",
        decimals=0,
        level="GM→AM",
        inputs=(Input("population_ages"),),
        compute=aanbod.age_pyramid,
        definition="Inwoners op 1 januari naar geslacht en leeftijd in groepen van 5 jaar.",
        category_label="Geslacht en leeftijd",
        per_gemeente=False,     # a pyramid is no figure to sort gemeenten by
    ),
    IndicatorSpec(
        id="share_50_65",
        theme="aanbod",
        label="Aandeel 50 tot 65 jaar",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(Input("population_ages"),),
        compute=aanbod.share_50_65,
        definition="Inwoners van 50 tot 65 jaar als percentage van de inwoners van 15 tot 65 jaar.",
        share_of="van de inwoners van 15 tot 65 jaar",
    ),
    IndicatorSpec(
        id="green_pressure",
        theme="aanbod",
        label="Groene druk",
        unit=_PER_100_WORKING_AGE,
        decimals=1,
        level="GM→AM",
        inputs=(_POP_AGES,),
        compute=aanbod.green_pressure,
        definition="Inwoners van 0 tot 20 jaar per 100 inwoners van 20 tot 65 jaar.",
    ),
    IndicatorSpec(
        id="grey_pressure",
        theme="aanbod",
        label="Grijze druk",
        unit=_PER_100_WORKING_AGE,
        decimals=1,
        level="GM→AM",
        inputs=(_POP_AGES,),
        compute=aanbod.grey_pressure,
        definition="Inwoners van 65 jaar of ouder per 100 inwoners van 20 tot 65 jaar.",
    ),
    IndicatorSpec(
        id="demographic_pressure",
        theme="aanbod",
        label="Demografische druk",
        unit=_PER_100_WORKING_AGE,
        decimals=1,
        level="GM→AM",
        inputs=(_POP_AGES,),
        compute=aanbod.demographic_pressure,
        definition="(Inwoners van 0 tot 20 jaar + inwoners van 65 jaar of ouder) per 100 inwoners van "
                   "20 tot 65 jaar; de som van groene en grijze druk.",
        higher_is="worse",
        headline=True,
        gemeente_overview=True,
    ),
    IndicatorSpec(
        id="education_level",
        theme="aanbod",
        label="Onderwijsniveau",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_EDUCATION,),
        compute=aanbod.education_level,
        definition="Hoogst behaald onderwijsniveau van inwoners van 15 tot 75 jaar (laag, middelbaar, hoog), "
                   "als percentage; regio = gemiddelde van de gemeenten gewogen naar hun inwoners van 15 tot 75 jaar.",
        category_label="Onderwijsniveau",
    ),
    IndicatorSpec(
        id="higher_educated",
        theme="aanbod",
        label="Hoogopgeleiden",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_EDUCATION,),
        compute=aanbod.higher_educated,
        definition="Inwoners van 15 tot 75 jaar met hbo of wo als hoogst behaald niveau, als percentage; "
                   "regio = gemiddelde van de gemeenten gewogen naar hun inwoners van 15 tot 75 jaar.",
        higher_is="better",
        headline=True,
        gemeente_overview=True,
        share_of="van de inwoners van 15 tot 75 jaar",
    ),
    IndicatorSpec(
        id="labour_force",
        theme="aanbod",
        label="Beroepsbevolking",
        unit="x 1 000",
        decimals=0,
        level="AM",
        inputs=(_labour("beroepsbevolking"),),
        compute=aanbod.labour_force,
        definition="Inwoners van 15 tot 75 jaar die betaald werk hebben, of die recent naar werk hebben "
                   "gezocht en direct beschikbaar zijn.",
    ),
    IndicatorSpec(
        id="net_participation",
        theme="aanbod",
        label="Netto arbeidsparticipatie",
        unit="%",
        decimals=1,
        level="AM",
        inputs=(_labour("participatie_pct"),),
        compute=aanbod.net_participation,
        definition="Werkzame beroepsbevolking als percentage van de bevolking van 15 tot 75 jaar.",
        higher_is="better",
        headline=True,
        share_of="van de inwoners van 15 tot 75 jaar",
    ),
    IndicatorSpec(
        id="unemployment_rate",
        theme="aanbod",
        label="Werkloosheid",
        unit="%",
        decimals=1,
        level="AM",
        inputs=(_labour("werkloosheid_pct"),),
        compute=aanbod.unemployment_rate,
        definition="Werkloze beroepsbevolking als percentage van de beroepsbevolking.",
        higher_is="worse",
        headline=True,
        category_label="Persoonskenmerken",
        share_of="van de beroepsbevolking",
    ),
    IndicatorSpec(
        id="unused_potential",
        theme="aanbod",
        label="Onbenut arbeidspotentieel",
        unit="%",
        decimals=1,
        level="AM",
        inputs=(Input("potential"),),
        compute=aanbod.unused_potential,
        definition="Werklozen + semi-werklozen + onderbenutte deeltijdwerkers, als percentage van de "
                   "bevolking van 15 tot 75 jaar; per groep in aantallen (x 1 000). Berekend uit de delen: "
                   "semi-werklozen = niet-beroepsbevolking die beschikbaar is maar niet zocht, of zocht maar "
                   "niet beschikbaar is; onderbenutte deeltijdwerkers = werkenden die meer uren willen werken "
                   "en daarvoor beschikbaar zijn.",
        higher_is="worse",
        headline=True,
        category_label="Groep",
        category_unit="x 1 000",
        share_of="van de inwoners van 15 tot 75 jaar",
    ),
    IndicatorSpec(
        id="benefits_rate",
        theme="aanbod",
        label="Uitkeringen",
        unit=_PER_1000,
        decimals=1,
        level="GM→AM",
        inputs=(Input("benefits", topics=("ww", "bijstand", "arbeidsongeschikt", "wajong")), _POP_15_65),
        compute=aanbod.benefits_rate,
        definition="Personen met een uitkering per soort uitkering, per 1.000 inwoners van 15 tot 65 jaar "
                   "(inwoners op 1 januari van hetzelfde jaar).",
        higher_is="worse",
        category_label="Uitkering",
    ),
    IndicatorSpec(
        id="social_assistance_rate",
        theme="aanbod",
        label="Bijstand",
        unit=_PER_1000,
        decimals=1,
        level="GM→AM",
        inputs=(Input("benefits", topics=("bijstand",)), _POP_15_65),
        compute=aanbod.social_assistance_rate,
        definition="Personen met een bijstandsuitkering tot de AOW-leeftijd per 1.000 inwoners van "
                   "15 tot 65 jaar.",
        higher_is="worse",
        headline=True,
        gemeente_overview=True,
    ),
    IndicatorSpec(
        id="reintegration_rate",
        theme="aanbod",
        label="Re-integratievoorzieningen",
        unit=_PER_1000,
        decimals=1,
        level="GM→AM",
        inputs=(Input("reintegration", members=(_RUNNING,)), _POP_15_65),
        compute=aanbod.reintegration_rate,
        definition="Lopende re-integratie- en participatievoorzieningen per type, per 1.000 inwoners van "
                   "15 tot 65 jaar.",
        category_label="Type voorziening",
    ),
    IndicatorSpec(
        id="pupils",
        theme="aanbod",
        label="Leerlingen en studenten",
        unit="aantal",
        decimals=0,
        level="GM→AM",
        inputs=(Input("pupils"),),
        compute=aanbod.pupils,
        definition="Leerlingen en studenten naar onderwijssoort, naar woongemeente.",
        category_label="Onderwijssoort",
    ),
    IndicatorSpec(
        id="graduates",
        theme="aanbod",
        label="Gediplomeerden",
        unit="aantal",
        decimals=0,
        level="GM→AM",
        inputs=(Input("graduates"),),
        compute=aanbod.graduates,
        definition="Gediplomeerden naar niveau, naar woongemeente.",
        category_label="Niveau",
    ),
    *_AANBOD_ISSUE11,
    # ------------------------------------------------------------------ vraag
    IndicatorSpec(
        id="jobs",
        theme="vraag",
        label="Banen van werknemers",
        unit="x 1 000",
        decimals=1,
        level="GM→AM",
        inputs=(_JOBS,),
        compute=vraag.jobs,
        definition="Banen van werknemers in december, naar sector (SBI 2008) van de vestiging in de regio.",
        category_label="Sector",
    ),
    IndicatorSpec(
        id="jobs_growth",
        theme="vraag",
        label="Groei banen",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_JOBS,),
        compute=vraag.jobs_growth,
        window=5,
        definition="Procentuele groei van het aantal banen van werknemers over 5 jaar: (banen jaar t / "
                   "banen jaar t-5 - 1) x 100.",
        higher_is="better",
        headline=True,
        gemeente_overview=True,
    ),
    IndicatorSpec(
        id="sector_share",
        theme="vraag",
        label="Aandeel sector in de banen",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_JOBS,),
        compute=vraag.sector_share,
        definition="Banen van werknemers in de sector als percentage van alle banen van werknemers.",
        category_label="Sector",
    ),
    IndicatorSpec(
        id="location_quotient",
        theme="vraag",
        label="Locatiequotiënt",
        unit="index (NL = 1)",
        decimals=2,
        level="GM→AM",
        inputs=(_JOBS,),
        compute=vraag.location_quotient,
        definition="Aandeel van de sector in de banen in de regio / aandeel van de sector in de "
                   "banen in Nederland; boven 1 is de sector oververtegenwoordigd.",
        category_label="Sector",
    ),
    IndicatorSpec(
        id="occupations",
        theme="vraag",
        label="Werkenden naar beroep",
        unit="x 1 000",
        decimals=0,
        level="AM",
        inputs=(Input("occupations", members=(_TOTAL_PERSONS,)),),
        compute=vraag.occupations,
        definition="Werkzame beroepsbevolking naar beroepsklasse (BRC 2014).",
        category_label="Beroepsklasse",
    ),
    IndicatorSpec(
        id="tightness",
        theme="vraag",
        label="Krapte (CBS)",
        unit="per 100 werklozen",
        decimals=0,
        level="PV",
        inputs=(_VACANCIES, _labour("werkloos")),
        compute=vraag.tightness,
        definition="Openstaande vacatures (gemiddelde van de vier kwartalen) per 100 werklozen in de "
                   "provincie: vacatures / werkloze beroepsbevolking x 100.",
        headline=True,
    ),
    IndicatorSpec(
        id="replacement_demand",
        theme="vraag",
        label="Werkenden van 55 jaar en ouder",
        unit="%",
        decimals=1,
        level="AM",
        inputs=(Input("occupations", members=(_TOTAL_PERSONS, ("Persoonskenmerken", catalog.AGE_55_75))),),
        compute=vraag.replacement_demand,
        definition="Werkenden van 55 tot 75 jaar als percentage van alle werkenden, per beroepsklasse; zij "
                   "bereiken binnen ongeveer 12 jaar de AOW-leeftijd (vervangingsvraag).",
        higher_is="worse",
        headline=True,
        category_label="Beroepsklasse",
        share_of="van de werkenden",
    ),
    # ------------------------------------------------------------------ vraag: werkkring, pendel (issue 11)
    IndicatorSpec(
        id="work_positions",
        theme="vraag",
        label="Positie in de werkkring",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_POSITIONS,),
        compute=positions.work_positions,
        definition="Werkenden met een vaste en met een flexibele arbeidsrelatie, zelfstandigen en daarvan de "
                   "zzp'ers, als percentage van de werkzame beroepsbevolking (registers). Regio = gemiddelde van "
                   "de gemeenten (hele procenten van CBS), gewogen naar hun werkzame beroepsbevolking. Zzp'ers "
                   "horen bij de zelfstandigen.",
        category_label="Positie in de werkkring",
        share_of="van de werkenden",
    ),
    IndicatorSpec(
        id="zzp_share",
        theme="vraag",
        label="Zzp'ers",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(Input("work_positions", topics=("werkzaam", "zzp_pct"), weighted_by="werkzaam"),),
        compute=positions.zzp_share,
        definition="Zelfstandigen zonder personeel als percentage van de werkzame beroepsbevolking "
                   "(registers); regio = gemiddelde van de gemeenten gewogen naar hun werkzame beroepsbevolking.",
        headline=True,
        share_of="van de werkenden",
    ),
    IndicatorSpec(
        id="register_participation",
        theme="vraag",
        label="Netto arbeidsparticipatie (registers)",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(Input("register_counts"),),
        compute=positions.register_participation,
        definition="Werkzame beroepsbevolking als percentage van de beroeps- en niet-beroepsbevolking, uit "
                   "registers per gemeente; regio = som van de aantallen van de gemeenten, niet het gemiddelde "
                   "van hun percentages.",
        higher_is="better",
        share_of="van de beroeps- en niet-beroepsbevolking",
        gemeente_overview=True,
    ),
    IndicatorSpec(
        id="commuting_flows",
        theme="vraag",
        label="Pendel",
        unit="x 1 000",
        decimals=1,
        level="GM→AM",
        inputs=(_COMMUTING,),
        compute=commuting.commuting_flows,
        definition="Banen van werknemers (x 1 000) in december naar woon- en werkregio: intern (wonen en werken "
                   "in de regio), inkomend (werken in de regio, wonen in een andere regio), uitgaand (wonen in de "
                   "regio, werken in een andere regio) en saldo (inkomend min uitgaand). Som van de paren van "
                   "woon- en werkgemeente; CBS toont paren onder 50 banen als 0, de som is dus iets te laag. "
                   "Banen met onbekende woon- of werkgemeente tellen niet mee.",
        category_label="Pendel",
    ),
    IndicatorSpec(
        id="commuting_own_share",
        theme="vraag",
        label="Banen bezet door eigen inwoners",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(_COMMUTING,),
        compute=commuting.commuting_own_share,
        definition="Banen van werknemers in de regio die worden bezet door inwoners van de regio, als percentage "
                   "van alle banen van werknemers in de regio (ook die met onbekende woongemeente); december.",
        headline=True,
        share_of="van de banen in de regio",
    ),
    *(_commuting_top(direction, label, who, category_label) for direction, label, who, category_label in (
        ("origins", "Herkomst van inkomende pendel", "de meeste werknemers met een baan in de regio wonen",
         "Woonregio"),
        ("destinations", "Bestemming van uitgaande pendel", "de meeste werkende inwoners van de regio een baan "
         "hebben", "Werkregio"))),
    # ------------------------------------------------------------------ mismatch
    IndicatorSpec(
        id="vacancy_rate",
        theme="mismatch",
        label="Vacaturegraad",
        unit="per 1.000 banen",
        decimals=0,
        level="PV",
        inputs=(_VACANCIES, _JOBS),
        compute=mismatch.vacancy_rate,
        definition="Openstaande vacatures (gemiddelde van de vier kwartalen) per 1.000 banen van "
                   "werknemers in de provincie, per sector (de CBS-definitie).",
        category_label="Sector",
    ),
    IndicatorSpec(
        id="graduates_by_level",
        theme="mismatch",
        label="Gediplomeerden naar niveau",
        unit="%",
        decimals=1,
        level="GM→AM",
        inputs=(Input("graduates"),),
        compute=mismatch.graduates_by_level,
        definition="Gediplomeerden naar niveau als percentage van alle gediplomeerden: laag = mbo "
                   "entree, middelbaar = mbo 2 tot en met 4, hoog = hbo en wo.",
        category_label="Niveau",
    ),
    IndicatorSpec(
        id="employed_by_level",
        theme="mismatch",
        label="Werkenden naar onderwijsniveau",
        unit="%",
        decimals=1,
        level="AM",
        inputs=(Input("labour", topics=("werkzaam",),
                      members=tuple(("Persoonskenmerken", m) for m in catalog.EDUCATION_MEMBERS)),),
        compute=mismatch.employed_by_level,
        definition="Werkzame beroepsbevolking naar onderwijsniveau (laag, middelbaar, hoog) als "
                   "percentage van de werkzame beroepsbevolking met bekend niveau.",
        category_label="Onderwijsniveau",
    ),
    IndicatorSpec(
        id="lifelong_learning",
        theme="mismatch",
        label="Leven lang ontwikkelen (landelijk)",
        unit="%",
        decimals=1,
        level="NL",
        inputs=(Input("lifelong_learning", members=(_TOTAL_PERSONS,)),),
        compute=mismatch.lifelong_learning,
        definition="Deelnemers aan leven lang ontwikkelen (formeel of niet-formeel onderwijs) als percentage "
                   "van de bevolking van 15 tot 75 jaar; berekend uit de aantallen van CBS.",
        higher_is="better",
        category_label="Deelname",
    ),
]

#: Indicator id → spec, in presentation order.
SPECS: dict[str, IndicatorSpec] = {spec.id: spec for spec in _SPEC_LIST}


def specs_of_theme(theme: str) -> list[IndicatorSpec]:
    """The specs of ``theme`` (``"aanbod"``, ``"vraag"``, ``"mismatch"``), in order."""
    return [spec for spec in SPECS.values() if spec.theme == theme]
