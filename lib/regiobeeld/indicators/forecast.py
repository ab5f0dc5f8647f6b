"""Bevolkingsprognose: projected inhabitants as an index against today, per region.

Source 85171NED (CBS/PBL regional forecast 2023-2050, measure ``bevolking``, x 1 000,
gemeenten in the **2021** indeling; geo dimension ``RegioIndeling2021``). No forecast
table has arbeidsmarktregio rows, so :func:`forecast_regions` maps each 2021 gemeente to
the gemeente it is part of today and sums those with **today's** membership, for every
forecast year. The 67% interval of 85173NED is published per gemeente, COROP and
provincie only; interval bounds do not add up, so no regional interval is derived.
"""

from __future__ import annotations

import pandas as pd

from ..core.errors import SchemaError
from ..core.regions import membership_year
from .aggregate import latest_of_each, observation_keys, to_regions
from .frames import INDEX, period_year, result, strict_sum, wide

__all__ = ["MERGERS_SINCE_2021", "TARGET_YEARS", "HEADLINE_YEAR", "forecast_regions", "forecast_index",
           "population_forecast_index"]

#: Gemeenten of 1 January 2021 that no longer exist → the gemeente they are part of
#: today. Dissolved per ../shared/data/gemeenten_arbeidsmarktregio.csv (last year 2021
#: or 2022); successors per the CBS announcement of the 2022 mergers and the 2023
#: merger into Voorne aan Zee (sources in docs/cbs-sources-issue11.md). No 2021
#: gemeente was split: Haaren (split 1 January 2021) is not in the 2021 indeling.
MERGERS_SINCE_2021 = {
    "GM0370": "GM0439",  # Beemster → Purmerend (2022)
    "GM0756": "GM1982",  # Boxmeer → Land van Cuijk (2022)
    "GM1684": "GM1982",  # Cuijk → Land van Cuijk (2022)
    "GM0786": "GM1982",  # Grave → Land van Cuijk (2022)
    "GM0815": "GM1982",  # Mill en Sint Hubert → Land van Cuijk (2022)
    "GM1702": "GM1982",  # Sint Anthonis → Land van Cuijk (2022)
    "GM0398": "GM1980",  # Heerhugowaard → Dijk en Waard (2022)
    "GM0416": "GM1980",  # Langedijk → Dijk en Waard (2022)
    "GM1685": "GM1991",  # Landerd → Maashorst (2022)
    "GM0856": "GM1991",  # Uden → Maashorst (2022)
    "GM0457": "GM0363",  # Weesp → Amsterdam (24 March 2022)
    "GM0501": "GM1992",  # Brielle → Voorne aan Zee (2023)
    "GM0530": "GM1992",  # Hellevoetsluis → Voorne aan Zee (2023)
    "GM0614": "GM1992",  # Westvoorne → Voorne aan Zee (2023)
}

#: The gemeente indeling of the forecast (85171NED).
INDELING_YEAR = 2021
#: Forecast years shown.
TARGET_YEARS = (2030, 2040, 2050)
#: The forecast year of the headline tile and the sentences.
HEADLINE_YEAR = 2040


def forecast_regions(frame: pd.DataFrame, membership: pd.DataFrame,
                     successors: dict[str, str] = MERGERS_SINCE_2021) -> pd.DataFrame:
    """Sum the forecast's 2021 gemeenten to today's arbeidsmarktregio's and NL.

    Each gemeente code is replaced by its successor (``successors``) and the parts of a
    merged gemeente are added up strictly; the result is aggregated with the **latest**
    year of ``membership`` (``gemeente_code, am_code, year``) for every period. A code
    that is neither today's nor in ``successors`` counts in the region of the latest
    membership year that has it (every merger since 2021 stayed inside one region), so a
    gemeente formed since 2021 is expected only in those parts. A code in no membership
    year raises :class:`SchemaError` (its inhabitants would silently go missing).
    """
    gm = frame[frame["region_code"].str.startswith("GM")]
    codes = gm["region_code"].replace(successors)
    present = set(codes)
    years = membership["year"]
    today = membership[years == years.max()]
    in_2021 = set(membership.loc[years == membership_year(INDELING_YEAR, years.unique()), "gemeente_code"])
    older = latest_of_each(membership)
    latest = pd.concat([today[today["gemeente_code"].isin(present | in_2021)],   # a later merger is in its parts
                        older[older["gemeente_code"].isin(present - set(today["gemeente_code"]))]],
                       ignore_index=True)
    unknown = sorted(set(codes) - set(latest["gemeente_code"]))
    if unknown:
        raise SchemaError(f"85171NED: gemeentecode(s) {', '.join(unknown)} van de indeling 2021 "
                          "horen bij geen gemeente van de gebiedsindelingen.")
    keys = observation_keys(frame)
    current = strict_sum(gm.assign(region_code=codes), ["region_code", "period", *keys]).reset_index()
    status = gm.groupby("period")["period_status"].first()
    current.insert(2, "period_status", current["period"].map(status))
    regional = to_regions(pd.concat([current, frame[frame["region_code"] == "NL01"]], ignore_index=True),
                          latest.assign(year=0))
    return regional[regional["region_code"].str.startswith("AM") | (regional["region_code"] == "NL")]


def forecast_index(regional: pd.DataFrame, base_year: int | None = None,
                   years: tuple[int, ...] = TARGET_YEARS) -> pd.DataFrame:
    """Bevolkingsprognose: ``P_year / P_base * 100`` per region for each of ``years``.

    ``base_year`` is "today" (the latest observed population year), clipped to the
    forecast's own years; ``None`` takes its first year. Unit index (base = 100); the
    period is the forecast year, the category is empty (the median forecast).
    """
    values = wide(regional)["bevolking"].reset_index()
    year = period_year(values["period"])
    base = min(max(base_year if base_year is not None else year.min(), year.min()), year.max())
    base_values = values[year == base].set_index("region_code")["bevolking"]
    shown = values[year.isin(years)]
    index = shown["bevolking"] / shown["region_code"].map(base_values) * 100
    return result(index.set_axis(pd.MultiIndex.from_frame(shown[INDEX])), "population_forecast_index")


def population_forecast_index(regional: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """:func:`forecast_index` with "today" the latest year of ``population`` (the regional
    ``population`` input, measure ``bevolking``) that has an observed value."""
    observed = population[(population["measure"] == "bevolking") & population["value"].notna()]
    base = int(period_year(observed["period"]).max()) if len(observed) else None
    return forecast_index(regional, base_year=base)
