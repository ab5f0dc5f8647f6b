"""The adviser's own exports (UWV, SBB, DUO, KVK/LISA) as validated drop-in sources.

Put a CSV or Excel export in the drop-in folder (``settings.dropins``); the notebook
section of its kind then shows it. See ``docs/eigen-data.md`` for the schemas.

Modules: ``schemas`` (documented columns per kind), ``periods`` and ``mapping`` (period
and region cells), ``readers`` (CSV/XLSX, formulas never evaluated), ``cells`` (a column
checked per distinct value), ``validate`` (issues with file, row and column, a chunk of
rows at a time), ``demo`` (generated demo exports), ``writers`` and ``templates``.
Finding and loading the files is :mod:`regiobeeld.store.dropins`; the HTML sections are
:mod:`regiobeeld.presentation.dropins`.
"""

from .schemas import KINDS, SCHEMAS, spanning_category
from .templates import write_templates
from .validate import Issue

__all__ = ["write_templates", "Issue", "KINDS", "SCHEMAS", "spanning_category"]
