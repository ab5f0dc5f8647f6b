"""Where data come from: the CBS client (``cbs`` over the ``feed`` adapter), the built-in demo
world (``demo``) and the adviser's own exports (``dropins``: schemas, readers, validation)."""
