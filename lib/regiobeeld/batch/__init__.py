"""Running notebooks and making the bundle: kernels, HTML export, the runner, the index,
PDF, and new workbooks."""
