"""A render of three slow fixture pages as a script, for tests that interrupt or kill it.

Run it as ``python render_slow.py NOTEBOOKS OUT PARAMS`` (write :data:`SCRIPT` to a file
first); it renders AM22, AM01 and AM05 with the ``slow`` fixture notebook, two workers,
and exits 130 on Ctrl-C.
"""

SCRIPT = """\
import signal
import sys
from pathlib import Path
from regiobeeld.batch.runner import RenderOptions, render
from regiobeeld.core.settings import Settings

if __name__ == "__main__":
    # As if started from a terminal: a suite run in the background (nohup, `&`, some CI
    # runners) passes SIGINT on as ignored, and Ctrl-C would then be lost.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    notebooks, out, params = map(Path, sys.argv[1:4])
    options = RenderOptions(regions=("AM22", "AM01", "AM05"), notebooks_dir=notebooks, out_dir=out,
                            themes=("slow",), jobs=2, progress=False)
    try:
        render(options, Settings(cache_root=out / "cache", params_dir=params))
    except KeyboardInterrupt:
        sys.exit(130)
"""
