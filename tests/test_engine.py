"""The runner's in-process papermill engine gives the outputs a Jupyter kernel gives.

Each test runs papermill in a child process (the engine changes process-wide state: the
IPython singleton, ``sys.stdout`` during cells, the working directory, frozen garbage),
once with the engine and once with plain papermill and a real kernel, and compares.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from regiobeeld.core.settings import PROJECT_ROOT

FIXTURES = Path(__file__).resolve().parent / "notebooks"

#: Runs notebooks (argv: engine or "kernel", then name:code pairs) in one process, in order;
#: prints one JSON line per notebook: its cells, or the error it raised.
SCRIPT = """\
import json, sys
import papermill
from regiobeeld.batch.engine import ENGINE_NAME, register_engine
from regiobeeld.core.errors import NotebookRunError

engine = sys.argv[1]
register_engine()
for job in sys.argv[3:]:
    name, code = job.split(":")
    try:
        nb = papermill.execute_notebook(f"{sys.argv[2]}/{name}", None, parameters={"regio": code},
                                        engine_name=ENGINE_NAME if engine == "engine" else None,
                                        kernel_name="python3", progress_bar=False, cwd=sys.argv[2])
        print(json.dumps({"cells": nb.cells, "language_info": nb.metadata.language_info}))
    except NotebookRunError as exc:
        print(json.dumps({"error": [exc.ename, exc.evalue], "kept": exc.executed is not None}))
    except papermill.PapermillExecutionError as exc:
        print(json.dumps({"error": [exc.ename, exc.evalue], "kept": False}))
"""


def run(engine: str, *jobs: str) -> list[dict]:
    done = subprocess.run([sys.executable, "-c", SCRIPT, engine, str(FIXTURES), *jobs], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def shown(cell: dict) -> list[tuple]:
    """What a reader of the executed cell sees: output types, texts, MIME types."""
    seen = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            lines = [line for line in output["text"].splitlines() if line.strip() and "warnings.warn" not in line]
            seen.append((kind, output["name"], [line.split(": ", 1)[-1] for line in lines]))
        elif kind == "error":
            seen.append((kind, output["ename"], output["evalue"]))
        else:
            data = output["data"]
            seen.append((kind, sorted(data), data.get("text/html"), "Figure" in data.get("text/plain", "")
                         or data.get("text/plain")))
    return seen


@pytest.fixture(scope="module")
def both():
    jobs = ("kernel_behaviour.ipynb:AM22", "shows_parameter.ipynb:0363")
    return run("engine", *jobs), run("kernel", *jobs)


def test_outputs_equal_a_kernels(both):
    ours, kernel = both
    for mine, theirs in zip(ours, kernel, strict=True):
        assert [shown(c) for c in mine["cells"]] == [shown(c) for c in theirs["cells"]]
        assert mine["language_info"] == theirs["language_info"]
    cells = ours[0]["cells"]
    assert shown(cells[3]) == [("stream", "stdout", ["naar stdout", "nog meer stdout"]),
                               ("stream", "stderr", ["naar stderr", "UserWarning: een waarschuwing"])]
    assert shown(cells[4])[1][3] == "{'regio': 'AM22', 'getallen': (1, 2.5)}"
    assert shown(cells[5])[-1][1] == ["image/png", "text/plain"]          # the open figure is shown
    assert shown(cells[6]) == [] and shown(cells[8])[0][3] == "41"       # `;` hides the value


def test_codes_stay_strings_and_counts_start_at_one(both):
    ours, kernel = both
    assert ours[1]["cells"][-1]["outputs"][0]["data"]["text/plain"] == "'str:0363'"
    counts = [[c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"] for nb in ours]
    assert counts == [[1, 2, 3, 4, 5, 6, None, 7], [1, 2, 3]]      # the second notebook starts at 1 again
    assert counts == [[c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"] for nb in kernel]


def test_every_notebook_starts_clean_and_a_failure_keeps_the_executed_notebook():
    ok, fresh, raises, after = run("engine", "ok.ipynb:AM22", "fresh.ipynb:AM22", "raises.ipynb:AM01",
                                   "fresh.ipynb:AM01")
    assert "cells" in ok and "cells" in fresh and "cells" in after   # fresh asserts ok's state is gone
    assert raises == {"error": ["ValueError", "opzettelijk kapot voor AM01"], "kept": True}
