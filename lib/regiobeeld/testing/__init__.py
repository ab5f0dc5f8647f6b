"""Utilities for tests and benchmarks; the product never imports them.

:mod:`.odata_server` is a local CBS-compatible OData HTTP server with fault injection:
the tests run the real CBS client against it, and ``bench/prefetch.py`` measures it.
"""
