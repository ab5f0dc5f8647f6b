"""Built-in demonstration data: CBS-shaped OData tables generated from a synthetic world.

A fresh clone renders the whole bundle without network: the demo tables are served by
the local OData server and fetched by the real CBS client, so they travel the same path
as CBS data. Every table says it is demonstration data (``TableInfos.Catalog`` is
:data:`regiobeeld.core.catalog.DEMO_CATALOG`). Gemeente codes start at ``GM7001`` and never
collide with real gemeenten.

Modules: :mod:`.world` (regions, gemeenten, mergers), :mod:`.population` and
:mod:`.labour` (the people), :mod:`.people`, :mod:`.support`, :mod:`.schooling`,
:mod:`.economy` (one builder per table, returning a :class:`.content.Content`),
:mod:`.levels` (aggregation to NL/LD/PV/CR/AM/GM), :mod:`.odata` (CBS shapes),
:mod:`.tables` (assembly). ``python -m regiobeeld.sources.demo`` prints build time and memory.
"""

from .tables import DEFAULT_SEED, build_table, build_tables, clear_caches

__all__ = ["build_tables", "build_table", "clear_caches", "DEFAULT_SEED"]
