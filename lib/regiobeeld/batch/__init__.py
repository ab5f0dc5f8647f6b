"""Running notebooks and making the bundle: the papermill engine, HTML export, the runner, the index,
PDF, and new workbooks."""
