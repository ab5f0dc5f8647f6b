"""The indicators regiobeeld computes, in presentation order (see :class:`IndicatorSpec`).

Levels: ``"AM"`` CBS publishes the arbeidsmarktregio; ``"GM→AM"`` the sum of the
region's gemeenten (membership of the period's own year); ``"PV"`` the province where
most of the region's inhabitants live; ``"NL"`` national only.
"""

from __future__ import annotations

from ..catalog import ARBEIDSDEELNAME
from .model import IndicatorSpec

__all__ = ["SPECS", "THEMES", "LEVEL_TEXT", "specs_of_theme"]

#: Theme id → Dutch title.
THEMES = {"aanbod": "Aanbod", "vraag": "Vraag", "mismatch": "Mismatch"}
#: Level → what it means, for the reader of ``indicators.csv``.
LEVEL_TEXT = {
    "AM": "arbeidsmarktregio, zoals CBS die publiceert",
    "GM→AM": "arbeidsmarktregio, opgeteld uit de gemeenten van de regio",
    "PV": "provincie waar de meeste inwoners van de regio wonen (CBS publiceert geen regiocijfer)",
    "NL": "alleen landelijk (CBS publiceert geen regiocijfer)",
}

_PER_1000 = "per 1.000 inwoners van 15 tot 65 jaar"
_PER_100_WORKING_AGE = "per 100 inwoners van 20 tot 65 jaar"

_SPEC_LIST = [
    # ------------------------------------------------------------------ aanbod
    IndicatorSpec("population", "aanbod", "Inwoners", "aantal", 0, ("70072NED",), "GM→AM",
                  "Aantal inwoners op 1 januari.", None, True),
    IndicatorSpec("population_growth", "aanbod", "Groei inwoners", "%", 1, ("70072NED",), "GM→AM",
                  "Procentuele groei van het aantal inwoners over 5 jaar: (inwoners jaar t / inwoners "
                  "jaar t-5 - 1) x 100.", None, True, window=5),
    IndicatorSpec("age_structure", "aanbod", "Leeftijdsopbouw", "%", 1, ("70072NED",), "GM→AM",
                  "Aandeel van elke leeftijdsgroep in het totaal aantal inwoners op 1 januari.",
                  None, False, "Leeftijd"),
    IndicatorSpec("age_pyramid", "aanbod", "Bevolkingspiramide", "aantal", 0, ("03759ned",), "GM→AM",
                  "Inwoners op 1 januari naar geslacht en leeftijd in groepen van 5 jaar.",
                  None, False, "Geslacht en leeftijd"),
    IndicatorSpec("share_50_65", "aanbod", "Aandeel 50 tot 65 jaar", "%", 1, ("03759ned",), "GM→AM",
                  "Inwoners van 50 tot 65 jaar als percentage van de inwoners van 15 tot 65 jaar.",
                  None, False, share_of="van de inwoners van 15 tot 65 jaar"),
    IndicatorSpec("green_pressure", "aanbod", "Groene druk", _PER_100_WORKING_AGE, 1, ("70072NED",), "GM→AM",
                  "Inwoners van 0 tot 20 jaar per 100 inwoners van 20 tot 65 jaar.", None, False),
    IndicatorSpec("grey_pressure", "aanbod", "Grijze druk", _PER_100_WORKING_AGE, 1, ("70072NED",), "GM→AM",
                  "Inwoners van 65 jaar of ouder per 100 inwoners van 20 tot 65 jaar.", None, False),
    IndicatorSpec("demographic_pressure", "aanbod", "Demografische druk", _PER_100_WORKING_AGE, 1,
                  ("70072NED",), "GM→AM",
                  "(Inwoners van 0 tot 20 jaar + inwoners van 65 jaar of ouder) per 100 inwoners van "
                  "20 tot 65 jaar; de som van groene en grijze druk.", "worse", True),
    IndicatorSpec("education_level", "aanbod", "Onderwijsniveau", "%", 1, ("85525NED",), "GM→AM",
                  "Hoogst behaald onderwijsniveau van inwoners van 15 tot 75 jaar (laag, middelbaar, hoog), "
                  "als percentage; regio = gemiddelde van de gemeenten gewogen naar hun inwoners van 15 tot 75 jaar.",
                  None, False, "Onderwijsniveau"),
    IndicatorSpec("higher_educated", "aanbod", "Hoogopgeleiden", "%", 1, ("85525NED",), "GM→AM",
                  "Inwoners van 15 tot 75 jaar met hbo of wo als hoogst behaald niveau, als percentage; "
                  "regio = gemiddelde van de gemeenten gewogen naar hun inwoners van 15 tot 75 jaar.",
                  "better", True, share_of="van de inwoners van 15 tot 75 jaar"),
    IndicatorSpec("labour_force", "aanbod", "Beroepsbevolking", "x 1 000", 0, (ARBEIDSDEELNAME,), "AM",
                  "Inwoners van 15 tot 75 jaar die betaald werk hebben, of die recent naar werk hebben "
                  "gezocht en direct beschikbaar zijn.", None, False),
    IndicatorSpec("net_participation", "aanbod", "Netto arbeidsparticipatie", "%", 1, (ARBEIDSDEELNAME,), "AM",
                  "Werkzame beroepsbevolking als percentage van de bevolking van 15 tot 75 jaar.",
                  "better", True, share_of="van de inwoners van 15 tot 75 jaar"),
    IndicatorSpec("unemployment_rate", "aanbod", "Werkloosheid", "%", 1, (ARBEIDSDEELNAME,), "AM",
                  "Werkloze beroepsbevolking als percentage van de beroepsbevolking.",
                  "worse", True, "Persoonskenmerken", share_of="van de beroepsbevolking"),
    IndicatorSpec("unused_potential", "aanbod", "Onbenut arbeidspotentieel", "%", 1, ("86111NED",), "AM",
                  "Werklozen + semi-werklozen + onderbenutte deeltijdwerkers, als percentage van de "
                  "bevolking van 15 tot 75 jaar; per groep in aantallen (x 1 000). Berekend uit de delen: "
                  "semi-werklozen = niet-beroepsbevolking die beschikbaar is maar niet zocht, of zocht maar "
                  "niet beschikbaar is; onderbenutte deeltijdwerkers = werkenden die meer uren willen werken "
                  "en daarvoor beschikbaar zijn.", "worse", True, "Groep",
                  category_unit="x 1 000", share_of="van de inwoners van 15 tot 75 jaar"),
    IndicatorSpec("benefits_rate", "aanbod", "Uitkeringen", _PER_1000, 1, ("80794ned", "70072NED"), "GM→AM",
                  "Personen met een uitkering per soort uitkering, per 1.000 inwoners van 15 tot 65 jaar "
                  "(inwoners op 1 januari van hetzelfde jaar).", "worse", False, "Uitkering"),
    IndicatorSpec("social_assistance_rate", "aanbod", "Bijstand", _PER_1000, 1, ("80794ned", "70072NED"),
                  "GM→AM", "Personen met een bijstandsuitkering tot de AOW-leeftijd per 1.000 inwoners van "
                  "15 tot 65 jaar.", "worse", True),
    IndicatorSpec("reintegration_rate", "aanbod", "Re-integratievoorzieningen", _PER_1000, 1,
                  ("85588NED", "70072NED"), "GM→AM",
                  "Lopende re-integratie- en participatievoorzieningen per type, per 1.000 inwoners van "
                  "15 tot 65 jaar.", None, False, "Type voorziening"),
    IndicatorSpec("pupils", "aanbod", "Leerlingen en studenten", "aantal", 0, ("85701NED",), "GM→AM",
                  "Leerlingen en studenten naar onderwijssoort, naar woongemeente.", None, False, "Onderwijssoort"),
    IndicatorSpec("graduates", "aanbod", "Gediplomeerden", "aantal", 0, ("85702NED",), "GM→AM",
                  "Gediplomeerden naar niveau, naar woongemeente.", None, False, "Niveau"),
    # ------------------------------------------------------------------ vraag
    IndicatorSpec("jobs", "vraag", "Banen van werknemers", "x 1 000", 1, ("83582NED",), "GM→AM",
                  "Banen van werknemers in december, naar sector (SBI 2008) van de vestiging in de regio.",
                  None, False, "Sector"),
    IndicatorSpec("jobs_growth", "vraag", "Groei banen", "%", 1, ("83582NED",), "GM→AM",
                  "Procentuele groei van het aantal banen van werknemers over 5 jaar: (banen jaar t / "
                  "banen jaar t-5 - 1) x 100.", "better", True, window=5),
    IndicatorSpec("sector_share", "vraag", "Aandeel sector in de banen", "%", 1, ("83582NED",), "GM→AM",
                  "Banen van werknemers in de sector als percentage van alle banen van werknemers.",
                  None, False, "Sector"),
    IndicatorSpec("location_quotient", "vraag", "Locatiequotiënt", "index (NL = 1)", 2, ("83582NED",),
                  "GM→AM", "Aandeel van de sector in de banen in de regio / aandeel van de sector in de "
                  "banen in Nederland; boven 1 is de sector oververtegenwoordigd.", None, False, "Sector"),
    IndicatorSpec("occupations", "vraag", "Werkenden naar beroep", "x 1 000", 0, ("86112NED",), "AM",
                  "Werkzame beroepsbevolking naar beroepsklasse (BRC 2014).", None, False, "Beroepsklasse"),
    IndicatorSpec("tightness", "vraag", "Krapte (CBS)", "per 100 werklozen", 0, ("83599NED", ARBEIDSDEELNAME), "PV",
                  "Openstaande vacatures (gemiddelde van de vier kwartalen) per 100 werklozen in de "
                  "provincie: vacatures / werkloze beroepsbevolking x 100.", None, True),
    IndicatorSpec("replacement_demand", "vraag", "Werkenden van 55 jaar en ouder", "%", 1, ("86112NED",), "AM",
                  "Werkenden van 55 tot 75 jaar als percentage van alle werkenden, per beroepsklasse; zij "
                  "bereiken binnen ongeveer 12 jaar de AOW-leeftijd (vervangingsvraag).",
                  "worse", True, "Beroepsklasse", share_of="van de werkenden"),
    # ------------------------------------------------------------------ mismatch
    IndicatorSpec("vacancy_rate", "mismatch", "Vacaturegraad", "per 1.000 banen", 0, ("83599NED", "83582NED"),
                  "PV", "Openstaande vacatures (gemiddelde van de vier kwartalen) per 1.000 banen van "
                  "werknemers in de provincie, per sector (de CBS-definitie).", None, False, "Sector"),
    IndicatorSpec("graduates_by_level", "mismatch", "Gediplomeerden naar niveau", "%", 1, ("85702NED",),
                  "GM→AM", "Gediplomeerden naar niveau als percentage van alle gediplomeerden: laag = mbo "
                  "entree, middelbaar = mbo 2 tot en met 4, hoog = hbo en wo.", None, False, "Niveau"),
    IndicatorSpec("employed_by_level", "mismatch", "Werkenden naar onderwijsniveau", "%", 1, (ARBEIDSDEELNAME,),
                  "AM", "Werkzame beroepsbevolking naar onderwijsniveau (laag, middelbaar, hoog) als "
                  "percentage van de werkzame beroepsbevolking met bekend niveau.", None, False, "Onderwijsniveau"),
    IndicatorSpec("lifelong_learning", "mismatch", "Leven lang ontwikkelen (landelijk)", "%", 1, ("85315NED",),
                  "NL", "Deelnemers aan leven lang ontwikkelen (formeel of niet-formeel onderwijs) als percentage "
                  "van de bevolking van 15 tot 75 jaar; berekend uit de aantallen van CBS.", "better", False,
                  "Deelname"),
]

#: Indicator id → spec, in presentation order.
SPECS: dict[str, IndicatorSpec] = {spec.id: spec for spec in _SPEC_LIST}


def specs_of_theme(theme: str) -> list[IndicatorSpec]:
    """The specs of ``theme`` (``"aanbod"``, ``"vraag"``, ``"mismatch"``), in order."""
    return [spec for spec in SPECS.values() if spec.theme == theme]
