"""Sources outside CBS StatLine (Bijlage 1 of the handreiking) for the *aanvullen* boxes.

Each :class:`Topic` says, in Dutch, what CBS cannot give, which dashboards or reports
hold it (name and URL), and how the adviser adds it: via an export in the drop-in
folder when regiobeeld reads that export (``dropin``), otherwise by hand in the
agenda. URLs point to the publisher's landing page for the source, which changes less
often than deep links.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import UnknownNameError

__all__ = ["Topic", "TOPICS", "SOURCES", "topic", "statline_url"]

#: Source name → URL (landing pages).
SOURCES: dict[str, str] = {
    "UWV Regio in Beeld": "https://www.werk.nl/arbeidsmarktinformatie/regio-in-beeld",
    "UWV arbeidsmarktdashboards": "https://www.werk.nl/arbeidsmarktinformatie/dashboards",
    "UWV Monitor Banenafspraak": "https://www.uwv.nl/nl/over-uwv/kennis-onderzoeken/monitor-banenafspraak",
    "UWV dashboard Oekraïense ontheemden": "https://www.werk.nl/arbeidsmarktinformatie/dashboards",
    "UWV dashboard jongeren tot 27 jaar met WW": "https://www.werk.nl/arbeidsmarktinformatie/dashboards",
    "UWV dashboard geregistreerd werkzoekenden (GWU)": "https://www.werk.nl/arbeidsmarktinformatie/dashboards",
    "UWV kansrijke beroepen": "https://www.werk.nl/arbeidsmarktinformatie/beroepen/kansrijke-beroepen",
    "UWV spanningsindicator (Regio in Beeld)": "https://www.werk.nl/arbeidsmarktinformatie/regio-in-beeld",
    "UWV Skills dashboard": "https://www.werk.nl/arbeidsmarktinformatie/dashboards",
    "SBB Stagemarkt (leerbanen en erkende leerbedrijven)": "https://www.stagemarkt.nl",
    "SBB Kansen op werk per mbo-opleiding": "https://www.kansenopwerk.nl",
    "SBB onderzoek en trendrapporten": "https://www.s-bb.nl/onderzoek",
    "DUO VSV-verkenner (voortijdig schoolverlaten)": "https://www.vsvverkenner.nl",
    "DUO open onderwijsdata": "https://duo.nl/open_onderwijsdata/",
    "CBS dashboard asiel en integratie": "https://www.cbs.nl/nl-nl/visualisaties/asiel-en-integratie",
    "CBS dashboard arbeidsmigratie": "https://www.cbs.nl/nl-nl/dossier/dossier-asiel-migratie-en-integratie",
    "KVK regiodashboards": "https://www.kvk.nl/over-kvk/",
    "LISA vestigingen en banen": "https://www.lisa.nl",
    "VNG Waar staat je gemeente": "https://www.waarstaatjegemeente.nl",
    "ROA prognoses": "https://roa.nl",
    "SER leercultuurmonitor": "https://www.ser.nl",
}

_DROPIN_HOW = ("Download de export uit het dashboard, zet het bestand in de map voor eigen gegevens "
               "(eigen-data, of de map in REGIOBEELD_DROPINS) en maak de pagina's opnieuw; regiobeeld "
               "leest het bestand en toont het hier met de bron erbij.")
_MANUAL_HOW = ("regiobeeld leest deze bron (nog) niet in. Neem het cijfer voor de regio over uit de "
               "bron en vermeld het, met bron en peildatum, in de analyse van de meerjarenagenda.")


@dataclass(frozen=True)
class Topic:
    """What is missing on one subject, where to find it, and whether a drop-in reads it."""

    missing: str
    sources: tuple[str, ...]
    dropin: bool = False

    @property
    def how(self) -> str:
        """Dutch instructions for adding the data."""
        return _DROPIN_HOW if self.dropin else _MANUAL_HOW

    def links(self) -> list[tuple[str, str]]:
        """(name, url) for each source."""
        return [(name, SOURCES[name]) for name in self.sources]


TOPICS: dict[str, Topic] = {
    "banenafspraak": Topic(
        "Mensen met een arbeidsbeperking: het doelgroepenregister, de banenafspraak en beschut werk "
        "per regio. CBS publiceert dit niet per arbeidsmarktregio",
        ("UWV Monitor Banenafspraak", "UWV arbeidsmarktdashboards")),
    "statushouders": Topic(
        "Statushouders en Oekraïense ontheemden: aantallen, participatie en begeleiding in de regio",
        ("CBS dashboard asiel en integratie", "UWV dashboard Oekraïense ontheemden")),
    "arbeidsmigranten": Topic(
        "Arbeidsmigranten (werknemers met een niet-Nederlandse nationaliteit) per regio en sector",
        ("CBS dashboard arbeidsmigratie", "VNG Waar staat je gemeente")),
    "vsv": Topic(
        "Jongeren zonder startkwalificatie en voortijdig schoolverlaters per regio",
        ("DUO VSV-verkenner (voortijdig schoolverlaten)", "UWV dashboard jongeren tot 27 jaar met WW"),
        dropin=True),
    "gwu": Topic(
        "Geregistreerd werkzoekenden bij UWV (GWU) naar uitkering, leeftijd, opleiding en beroep",
        ("UWV dashboard geregistreerd werkzoekenden (GWU)", "UWV Regio in Beeld"), dropin=True),
    "ww": Topic(
        "WW-uitkeringen per regio: stand, instroom en duur, per maand",
        ("UWV arbeidsmarktdashboards", "UWV Regio in Beeld"), dropin=True),
    "vacatures": Topic(
        "Vacatures per arbeidsmarktregio, beroepsklasse en sector (CBS telt vacatures alleen per "
        "provincie)", ("UWV Regio in Beeld", "UWV arbeidsmarktdashboards"), dropin=True),
    "vestigingen": Topic(
        "Vestigingen, oprichtingen en opheffingen, en de omvang van bedrijven (groot en mkb)",
        ("KVK regiodashboards", "LISA vestigingen en banen"), dropin=True),
    "kansrijke_beroepen": Topic(
        "De (structureel) kansrijke beroepen in de regio volgens UWV",
        ("UWV kansrijke beroepen", "UWV Regio in Beeld", "SBB Kansen op werk per mbo-opleiding"),
        dropin=True),
    "spanningsindicator": Topic(
        "De UWV-spanningsindicator per beroepsklasse en beroep (vacatures per WW'er korter dan "
        "zes maanden); dit is een andere maat dan de CBS-krapte",
        ("UWV spanningsindicator (Regio in Beeld)",), dropin=True),
    "leerbanen": Topic(
        "Openstaande leerbanen en stages, en erkende leerbedrijven per regio en sector",
        ("SBB Stagemarkt (leerbanen en erkende leerbedrijven)", "SBB onderzoek en trendrapporten"),
        dropin=True),
    "prognoses": Topic(
        "Prognoses van vraag en aanbod per beroep en opleiding (uitbreidings- en vervangingsvraag)",
        ("ROA prognoses", "SBB onderzoek en trendrapporten")),
    "llo": Topic(
        "Regionale cijfers over leven lang ontwikkelen en de leercultuur in bedrijven",
        ("UWV Skills dashboard", "SER leercultuurmonitor", "SBB Stagemarkt (leerbanen en erkende leerbedrijven)")),
}


def topic(name: str) -> Topic:
    """The :class:`Topic` called ``name``; :class:`UnknownNameError` (a ``KeyError``) names the
    closest known topics."""
    try:
        return TOPICS[name]
    except KeyError:
        raise UnknownNameError("Onbekend onderwerp", name, TOPICS) from None


def statline_url(table_id: str) -> str:
    """The StatLine page of a CBS table."""
    return f"https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table_id}/table"
