"""The benchmark's work inside the library, run by ``bench/render.py`` as a child process.

    python bench/library.py where
    python bench/library.py prepare
    python bench/library.py floor --out DIR AM01 AM02 ...

``prepare`` is the runner's data stage (demo exports, data, indicators). ``floor`` renders
the same pages as the runner with no Jupyter at all, in this one process: each notebook's
code cells run with ``exec`` (the ``parameters`` cell replaced by the region's values),
``display`` goes through IPython's own formatter and an in-memory publisher (an
``InteractiveShell`` object, no kernel), and the pages are exported and assembled with
the project's own HTML exporter and bundle code. This is the only module of the benchmark
that imports the library.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")


def where() -> None:
    import regiobeeld

    print(Path(regiobeeld.__file__).parent)


def prepare():
    """The runner's data stage; returns the indicator set."""
    from regiobeeld.core.settings import Settings
    from regiobeeld.indicators import prepare as prepare_indicators

    return prepare_indicators(Settings.from_env())


class Shell:
    """IPython's display machinery without a kernel: what ``display`` and a cell's last
    expression show becomes notebook outputs."""

    def __init__(self) -> None:
        from IPython.core.displaypub import DisplayPublisher
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False
        self.shell = InteractiveShell.instance(config=config)
        self.outputs: list[dict] = []
        outputs = self.outputs

        class Collect(DisplayPublisher):
            def publish(self, data, metadata=None, *args, **kwargs):
                outputs.append({"output_type": "display_data", "data": data, "metadata": metadata or {}})

        self.shell.display_pub = Collect(shell=self.shell)

    def run(self, source: str, namespace: dict, name: str) -> list[dict]:
        """Execute one cell like a kernel would; return its outputs."""
        self.outputs.clear()
        body = ast.parse(source).body
        last = body.pop() if body and isinstance(body[-1], ast.Expr) else None
        exec(compile(ast.Module(body, []), name, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
            if value is not None:
                data, metadata = self.shell.display_formatter.format(value)
                self.outputs.append({"output_type": "execute_result", "data": data,
                                     "metadata": metadata, "execution_count": None})
        return list(self.outputs)


def read_notebook(path: Path) -> dict:
    """The notebook as plain data, each cell's source one string (as nbformat reads it)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"])
    return nb


def execute(shell: Shell, template: dict, region: str) -> dict:
    """The notebook ``template`` executed for ``region``, outputs filled in."""
    from IPython.display import display

    nb = copy.deepcopy(template)
    namespace = {"__name__": "__main__", "display": display}
    for number, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = f"regio = {region!r}\n"
        cell["outputs"] = shell.run(cell["source"], namespace, f"<cell {number}>")
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    return nb


def floor(codes: list[str], out: Path) -> None:
    """Render ``codes`` × every notebook into ``out/regiobeeld`` in this process."""
    from regiobeeld import __version__
    from regiobeeld.batch import bundle
    from regiobeeld.batch.bundle import PageResult
    from regiobeeld.batch.htmlexport import PageContext, PageExporter, page_outputs
    from regiobeeld.batch.runner import page_hashes, plan_tasks, select_notebooks, with_prepared
    from regiobeeld.core.regions import load_region
    from regiobeeld.core.settings import PROJECT_ROOT, Settings

    settings = Settings.from_env()
    indicators = prepare()
    out.mkdir(parents=True, exist_ok=True)
    prepared = with_prepared(settings, indicators, out)    # what the runner hands its workers
    os.environ.update(prepared.to_env())
    notebooks = select_notebooks(PROJECT_ROOT / "notebooks")
    regions = [load_region(code, settings.params_dir) for code in codes]
    target = out / "regiobeeld"
    rendered = time.strftime("%d-%m-%Y %H:%M")
    hashes = page_hashes(regions, notebooks, settings, indicators)
    tasks = plan_tasks(regions, notebooks, hashes, target, target, bool(indicators.demo), rendered)
    templates = {nb.stem: read_notebook(nb.path) for nb in notebooks}
    shell, exporter, results = Shell(), PageExporter(), []
    for task in tasks:
        stem, folder = task.notebook.stem, target / task.folder
        folder.mkdir(parents=True, exist_ok=True)
        common = dict(region=task.region, stem=stem, theme=task.notebook.theme, title=task.notebook.title,
                      input_hash=task.input_hash)
        try:
            nb = execute(shell, templates[stem], task.region)
        except Exception as exc:  # noqa: BLE001 - like the runner: the page fails, not the batch
            results.append(PageResult(status="failed", ename=type(exc).__name__, evalue=str(exc), **common))
            continue
        (folder / f"{stem}.ipynb").write_text(json.dumps(nb, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                                              encoding="utf-8")
        records, page = page_outputs(nb)
        context = PageContext(region=task.region, region_name=task.region_name, title=task.notebook.title,
                              nav=task.nav, regions=task.regions, stem=stem,
                              demo=bool(page.get("demo", task.demo)), rendered=rendered, version=__version__)
        html = exporter.export(nb, context).encode("utf-8")
        (folder / f"{stem}.html").write_bytes(html)
        results.append(PageResult(status="ok", html_bytes=len(html), records=records, page=page, **common))
    bundle.assemble(target, regions, notebooks, results, indicators, settings, name="regiobeeld",
                    rendered=rendered, index_hash="floor", version=__version__)
    failed = [f"{r.key}: {r.ename}: {r.evalue}" for r in results if r.status == "failed"]
    print(f"{len(results) - len(failed)} pages, {len(failed)} failed" + "".join(f"\n  {f}" for f in failed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("where")
    commands.add_parser("prepare")
    run = commands.add_parser("floor")
    run.add_argument("--out", type=Path, required=True)
    run.add_argument("regions", nargs="+")
    args = parser.parse_args()
    if args.command == "where":
        where()
    elif args.command == "prepare":
        print(f"{prepare().__class__.__name__} ready")
    else:
        floor(args.regions, args.out)


if __name__ == "__main__":
    main()
