"""The 35 arbeidsmarktregio's: codes, params files and gemeente membership.

The codes are not consecutive (AM01–03, AM05–15, AM17–30, AM32–38). Each region has a
params file ``params/AMxx.yaml``; ``params/defaults.yaml`` holds what is common.
Membership (gemeente → region) comes from CBS *Gebieden in Nederland* of the period's
own year; see :func:`membership`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import ConfigError, UnknownRegionError

__all__ = ["CODES", "Region", "load_region", "load_regions", "load_defaults", "check_code", "check_code_or_name",
           "membership", "membership_year"]

#: The 35 arbeidsmarktregio codes of the current indeling.
CODES: tuple[str, ...] = tuple(
    [f"AM{n:02d}" for n in range(1, 4)]
    + [f"AM{n:02d}" for n in range(5, 16)]
    + [f"AM{n:02d}" for n in range(17, 31)]
    + [f"AM{n:02d}" for n in range(32, 39)]
)

#: Fields of a region file, with their types. Any defaults key may also be overridden.
REQUIRED_FIELDS = {"code": str, "name": str, "neighbours": list, "tile": list}
DEFAULT_FIELDS = {"growth_years": int, "membership_year": int}


@dataclass(frozen=True)
class Region:
    """One arbeidsmarktregio and its notebook parameters."""

    code: str
    name: str                       # as CBS spells it, without the "(AM)" suffix
    neighbours: tuple[str, ...]
    tile: tuple[int, int]           # [row, column] in the index tile map
    growth_years: int
    membership_year: int


def check_code(code: object, source: str | None = None) -> str:
    """Return ``code`` if it is one of the 35, else raise :class:`UnknownRegionError`.

    Accepts lower case and surrounding spaces (``" am22"``); the message lists close
    matches first, then every valid code.
    """
    text = str(code).strip().upper() if isinstance(code, str) else code
    if text in CODES:
        return text
    close = difflib.get_close_matches(str(text), CODES, n=2, cutoff=0.75)
    raise UnknownRegionError(code, list(CODES), source, close)


def check_code_or_name(text: object, params_dir: Path, source: str | None = None) -> str:
    """Like :func:`check_code`, but a region *name* (``"Rijnmond"``) is answered with its
    code as the suggestion: ``Bedoelt u AM22 (Rijnmond)?``."""
    try:
        return check_code(text, source)
    except UnknownRegionError as exc:
        regions = {region.name.casefold(): region for region in load_regions(params_dir).values()}
        match = difflib.get_close_matches(str(text).strip().casefold(), list(regions), n=2, cutoff=0.8)
        if not match:
            raise
        close = [f"{regions[m].code} ({regions[m].name})" for m in match]
        raise UnknownRegionError(text, exc.valid, source, close) from None


def load_region(code: str, params_dir: Path) -> Region:
    """Read and validate ``params_dir/<code>.yaml`` merged over ``defaults.yaml``."""
    code = check_code(code)
    params_dir = Path(params_dir).resolve()
    # The files' mtimes are part of the cache key: an edit shows up in a running kernel.
    stamps = tuple(_mtime(params_dir / name) for name in ("defaults.yaml", f"{code}.yaml"))
    return _load_region(code, params_dir, stamps)


def load_regions(params_dir: Path) -> dict[str, Region]:
    """Every region whose params file is valid, in code order. A bad file leaves out only
    its own region (:func:`load_region` names the problem); a bad defaults file raises."""
    regions = {}
    for code in CODES:
        try:
            regions[code] = load_region(code, params_dir)
        except ConfigError:
            load_defaults(params_dir)       # a bad defaults file is every region's problem
    return regions


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=256)
def _load_region(code: str, params_dir: Path, stamps: tuple[int, int]) -> Region:
    defaults = _read_defaults(params_dir / "defaults.yaml")
    path = params_dir / f"{code}.yaml"
    if not path.exists():
        raise ConfigError(f"Parameterbestand ontbreekt voor {code}: {path}.")
    own = _read_yaml(path)
    unknown = sorted(set(own) - set(REQUIRED_FIELDS) - set(DEFAULT_FIELDS))
    if unknown:
        hints = [f"{u!r} (bedoelt u {m[0]!r}?)" if (m := difflib.get_close_matches(u, [*REQUIRED_FIELDS, *DEFAULT_FIELDS], n=1))
                 else repr(u) for u in unknown]
        raise ConfigError(f"{path}: onbekend veld {', '.join(hints)}. "
                          f"Geldige velden: {', '.join([*REQUIRED_FIELDS, *DEFAULT_FIELDS])}.")
    _check_fields(own, REQUIRED_FIELDS, path, required=True)
    _check_fields(own, DEFAULT_FIELDS, path, required=False)
    if own["code"] != code:
        raise ConfigError(f"{path}: veld 'code' is {own['code']!r}, maar het bestand hoort bij {code}.")
    neighbours = [check_code(n, source=f"{path}, veld 'neighbours'") for n in own["neighbours"]]
    if code in neighbours:
        raise ConfigError(f"{path}: veld 'neighbours' noemt de regio zelf ({code}); een regio is "
                          "niet zijn eigen buurregio.")
    twice = sorted({n for n in neighbours if neighbours.count(n) > 1})
    if twice:
        raise ConfigError(f"{path}: veld 'neighbours' noemt {', '.join(twice)} meer dan eens.")
    tile = own["tile"]
    if len(tile) != 2 or not all(isinstance(v, int) for v in tile):
        raise ConfigError(f"{path}: veld 'tile' moet [rij, kolom] zijn, gevonden {tile!r}.")
    merged = {**defaults, **own}
    return Region(
        code=code,
        name=merged["name"],
        neighbours=tuple(neighbours),
        tile=(tile[0], tile[1]),
        growth_years=merged["growth_years"],
        membership_year=merged["membership_year"],
    )


def load_defaults(params_dir: Path) -> dict:
    """``params_dir/defaults.yaml``, validated: what every region shares."""
    return _read_defaults(Path(params_dir).resolve() / "defaults.yaml")


def _read_defaults(path: Path) -> dict:
    defaults = _read_yaml(path)
    _check_fields(defaults, DEFAULT_FIELDS, path, required=True)
    return defaults


#: libyaml's safe loader where PyYAML was built with it (ten times faster), else PyYAML's own.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            content = yaml.load(handle, Loader=_SAFE_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"Parameterbestand ontbreekt: {path}.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" in regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or " ".join(str(exc).split())
        raise ConfigError(f"{path}: geen geldige YAML{where} ({problem}).") from None
    if not isinstance(content, dict):
        raise ConfigError(f"{path}: verwacht een lijst van velden (sleutel: waarde).")
    return content


def _check_fields(content: dict, fields: dict, path: Path, required: bool) -> None:
    for name, kind in fields.items():
        if name not in content:
            if required:
                raise ConfigError(f"{path}: verplicht veld {name!r} ontbreekt.")
            continue
        if not isinstance(content[name], kind) or isinstance(content[name], bool):
            raise ConfigError(
                f"{path}: veld {name!r} moet {kind.__name__} zijn, gevonden {content[name]!r}."
            )


def membership_year(year: int, available) -> int:
    """``year`` clipped to the membership years ``available`` (the nearest one outside)."""
    years = sorted(available)
    return min(max(year, years[0]), years[-1])


def membership(gebieden, year: int):
    """Gemeente → arbeidsmarktregio and provincie for ``year``, from a Gebieden frame.

    ``gebieden`` is the tidy ``data`` of :func:`regiobeeld.core.catalog.gebieden_query`
    (String topics, stripped). Returns one row per gemeente with columns
    ``gemeente_code, gemeente_naam, am_code, am_naam, pv_code, pv_naam, year``.
    """
    import pandas as pd

    wide = gebieden.pivot(index="region_code", columns="measure", values="value")
    missing = [c for c in ("am_code", "am_naam", "pv_code", "pv_naam", "gemeente_naam") if c not in wide]
    if missing:
        from .errors import SchemaError
        raise SchemaError(f"Gebieden in Nederland {year}: ontbrekende onderwerpen {', '.join(missing)}.")
    out = wide.reset_index().rename(columns={"region_code": "gemeente_code"})
    out = out[["gemeente_code", "gemeente_naam", "am_code", "am_naam", "pv_code", "pv_naam"]]
    out = out.assign(**{c: out[c].astype(str).str.strip() for c in out.columns})
    out["year"] = year
    return pd.DataFrame(out).sort_values("gemeente_code", ignore_index=True)
