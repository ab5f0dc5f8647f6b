"""Settings: one frozen value, read from the environment in one place.

Nothing here runs at import. Build settings with :meth:`Settings.from_env` (what the
CLI and the notebooks do) or construct them directly in tests.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

__all__ = ["Settings", "PACKAGE_DIR", "PROJECT_ROOT", "DEFAULT_CBS_URL", "SOURCES", "SHIPPED_WORKBOOK",
           "is_workbook", "template_workbook", "workbook_root"]

#: The installed package (``lib/regiobeeld`` in a checkout).
PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: The repository root (two levels above the package) in a checkout.
PROJECT_ROOT = PACKAGE_DIR.parents[1]
#: The notebooks and params shipped inside the package, for an install outside a checkout.
SHIPPED_WORKBOOK = PACKAGE_DIR / "workbook_template"

DEFAULT_CBS_URL = "https://opendata.cbs.nl"
DEFAULT_TIMEOUT = 30.0          # seconds, per HTTP request
DEFAULT_DEADLINE = 600.0        # seconds, for all CBS requests of one run together
DEFAULT_RETRIES = 4             # extra attempts after the first, on connection errors and 5xx
DEFAULT_BACKOFF = 1.0           # seconds; doubles per attempt
DEFAULT_MAX_AGE_DAYS = 30.0     # cache entries older than this are refetched when online
DEFAULT_CHUNK_SIZE = 60         # max keys in one `or` filter before it is split

#: Where data come from: the built-in demonstration data, or CBS StatLine.
SOURCES = ("demo", "cbs")


@dataclass(frozen=True)
class Settings:
    """Everything the data layer and the runner need to know.

    ``source`` is ``"demo"`` (built-in demonstration data, the default on a fresh
    machine) or ``"cbs"`` (CBS StatLine at ``cbs_url``). Each source has its own
    cache folder, so demonstration numbers never mix with CBS figures.
    """

    source: str = "demo"
    cbs_url: str = DEFAULT_CBS_URL
    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    chunk_size: int = DEFAULT_CHUNK_SIZE
    cache_root: Path = field(default_factory=lambda: _own_folder() / ".cache")
    max_age_days: float = DEFAULT_MAX_AGE_DAYS
    offline: bool = False
    force_refresh: bool = False
    params_dir: Path = field(default_factory=lambda: workbook_root() / "params")
    dropin_dir: Path | None = field(default_factory=lambda: _workbook_dropins())
    #: The indicator set a batch computed once before its notebooks run; notebooks then
    #: only read it. ``None`` (e.g. in JupyterLab): notebooks ensure it themselves.
    indicators_file: Path | None = None
    #: The drop-in files a batch read and validated once (:func:`regiobeeld.sources.dropins.prepare`).
    dropins_file: Path | None = None

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ConfigError(
                f"Onbekende bron {self.source!r} (REGIOBEELD_SOURCE of --source); "
                f"kies uit: {', '.join(SOURCES)}."
            )
        if not self.deadline > 0:
            raise ConfigError(f"REGIOBEELD_CBS_DEADLINE moet een aantal seconden groter dan 0 zijn, "
                              f"niet {self.deadline!r}.")

    @property
    def cache_dir(self) -> Path:
        """The cache folder of this source: ``<cache_root>/<source>``."""
        return Path(self.cache_root) / self.source

    @property
    def dropins(self) -> Path:
        """The drop-in folder for own exports (UWV, SBB, DUO, KVK)."""
        return Path(self.dropin_dir) if self.dropin_dir else Path(self.cache_root) / "eigen-data"

    def replace(self, **changes) -> "Settings":
        """Return a copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Build settings from ``REGIOBEELD_*`` environment variables, then ``overrides``.

        Variables: ``REGIOBEELD_SOURCE`` (demo|cbs), ``REGIOBEELD_CBS_URL``,
        ``REGIOBEELD_CACHE`` (cache root), ``REGIOBEELD_OFFLINE`` (1/0),
        ``REGIOBEELD_MAX_AGE_DAYS``, ``REGIOBEELD_TIMEOUT``, ``REGIOBEELD_CBS_DEADLINE``, ``REGIOBEELD_PARAMS``,
        ``REGIOBEELD_DROPINS``, ``REGIOBEELD_INDICATORS`` and ``REGIOBEELD_DROPINS_PREPARED``
        (both set by the batch runner).
        """
        env = os.environ if environ is None else environ
        values: dict = {}
        readers = {
            "REGIOBEELD_SOURCE": ("source", str),
            "REGIOBEELD_CBS_URL": ("cbs_url", str),
            "REGIOBEELD_CACHE": ("cache_root", Path),
            "REGIOBEELD_OFFLINE": ("offline", _parse_bool),
            "REGIOBEELD_MAX_AGE_DAYS": ("max_age_days", float),
            "REGIOBEELD_TIMEOUT": ("timeout", float),
            "REGIOBEELD_CBS_DEADLINE": ("deadline", float),
            "REGIOBEELD_PARAMS": ("params_dir", Path),
            "REGIOBEELD_DROPINS": ("dropin_dir", Path),
            "REGIOBEELD_INDICATORS": ("indicators_file", Path),
            "REGIOBEELD_DROPINS_PREPARED": ("dropins_file", Path),
        }
        for var, (field, parse) in readers.items():
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            try:
                values[field] = parse(raw)
            except ValueError as exc:
                raise ConfigError(f"Ongeldige waarde voor {var}: {raw!r} ({exc}).") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def to_env(self) -> dict[str, str]:
        """The environment variables that reproduce these settings in a child process."""
        env = {
            "REGIOBEELD_SOURCE": self.source,
            "REGIOBEELD_CBS_URL": self.cbs_url,
            "REGIOBEELD_CACHE": str(self.cache_root),
            "REGIOBEELD_OFFLINE": "1" if self.offline else "0",
            "REGIOBEELD_MAX_AGE_DAYS": repr(self.max_age_days),
            "REGIOBEELD_TIMEOUT": repr(self.timeout),
            "REGIOBEELD_CBS_DEADLINE": repr(self.deadline),
            "REGIOBEELD_PARAMS": str(self.params_dir),
        }
        if self.dropin_dir:
            env["REGIOBEELD_DROPINS"] = str(self.dropin_dir)
        if self.indicators_file:
            env["REGIOBEELD_INDICATORS"] = str(self.indicators_file)
        if self.dropins_file:
            env["REGIOBEELD_DROPINS_PREPARED"] = str(self.dropins_file)
        return env


def is_workbook(folder: Path) -> bool:
    """A workbook folder: ``params/defaults.yaml`` and notebooks in ``notebooks/``."""
    folder = Path(folder)
    return (folder / "params" / "defaults.yaml").is_file() and any((folder / "notebooks").glob("*.ipynb"))


def template_workbook() -> Path:
    """What a new workbook copies: the checkout, else the copy shipped in the package."""
    return PROJECT_ROOT if is_workbook(PROJECT_ROOT) else SHIPPED_WORKBOOK


def workbook_root() -> Path:
    """The workbook in use: the current folder (or its parent, for a notebook open in
    ``notebooks/``) when it is one, e.g. made by ``regiobeeld nieuw``; else the template."""
    cwd = Path.cwd()
    return next((folder for folder in (cwd, cwd.parent) if is_workbook(folder)), template_workbook())


def _own_folder() -> Path:
    """Where the cache lives: the workbook, or the current folder when the workbook is the
    package's own (never inside the installed package)."""
    root = workbook_root()
    return Path.cwd() if root == SHIPPED_WORKBOOK else root


def _workbook_dropins() -> Path | None:
    """The ``eigen-data/`` folder of a workbook made by ``regiobeeld nieuw``; ``None`` (the
    cache's ``eigen-data/``) in the checkout and outside any workbook."""
    root = workbook_root()
    folder = root / "eigen-data"
    return folder if root not in (PROJECT_ROOT, SHIPPED_WORKBOOK) and folder.is_dir() else None


def _parse_bool(raw: str) -> bool:
    low = raw.strip().lower()
    if low in {"1", "true", "yes", "ja", "on"}:
        return True
    if low in {"0", "false", "no", "nee", "off"}:
        return False
    raise ValueError("verwacht 1/0, true/false of ja/nee")
