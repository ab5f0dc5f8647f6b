"""regiobeeld: the analysis workbook for the regional labour-market agenda.

The package is organised in one-way layers::

    settings, errors
    catalog      what each CBS table looks like and which queries the notebooks need
    cbs          the CBS OData client over cbsodata (the only module that touches the network)
    cache        the disk cache and snapshots
    demo         the built-in demonstration data, generated deterministically and
                 answered in memory (no server)
    data         source → cache → tidy frame: the one way data flow in
    regions      the 35 arbeidsmarktregio's, params files, gemeente membership
    indicators   every indicator, computed once for all regions
    style, formatting, charts, tables, text   the house style and Dutch presentation
    report       the thin facade notebooks call
    dropins      the adviser's own exports (UWV, SBB, DUO, KVK)
    runner, html, bundle, cli   batch execution and the HTML bundle
    testing      test utilities (the local CBS OData server); never imported by the product
"""

__version__ = "0.1.0"
