"""regiobeeld: the analysis workbook for the regional labour-market agenda.

The package is organised in one-way layers, one subpackage each (``tests/test_layers.py``
checks that imports only go down)::

    core          settings, errors, files and hashes, the CBS catalogue and its shape
                  rules, the tidy-frame contract, the regions, Dutch formatting
    sources       the CBS client over cbsodata (the only network code), the built-in demo
                  world, the adviser's own exports (schemas, readers, validation)
    store         the disk cache, snapshots, the one data path (source → cache → tidy
                  frame) and the drop-in folder
    indicators    every indicator, computed once for all regions; the sources check
    presentation  the house style, charts, tables, Dutch text and ``report``, the facade
                  the notebooks call
    batch         the papermill engine, HTML export, the runner, the bundle index, PDF, new workbooks
    cli           the ``regiobeeld`` command
    testing       test utilities (the local CBS OData server); never imported by the product
"""

__version__ = "0.1.0"
