"""The runner's papermill engine: notebooks execute in the worker process's own IPython shell.

A Jupyter kernel is a second process that its client drives over ZeroMQ: starting one
costs about two seconds, and every cell pays for messages, serialisation and polling,
more than the page's own work. The runner's workers therefore are the kernel: papermill
still parameterises each notebook (the ``parameters`` cell; codes stay strings) and records
every cell's timing and status, and the cells run in an IPython ``InteractiveShell`` that
produces the outputs ipykernel would:

- ``display`` and a cell's last value → ``display_data`` and ``execute_result``, through
  IPython's own formatters; the data makes the same JSON round trip as a kernel message;
- ``print``, warnings and anything else written to ``sys.stdout``/``sys.stderr`` → ``stream``;
- an exception → an ``error`` output with IPython's traceback, and papermill's failure marks;
- matplotlib figures left open at the end of a cell → shown, by ipykernel's own inline backend.

Before every notebook the shell gets a clean namespace with execution counts from 1, no
figures, default rcParams and the notebook's folder as working directory. After a failed
notebook the runner replaces the whole worker process, so a broken state never leaks into
the next notebook. The notebooks stay plain notebooks: each still runs with ``papermill``
and a Jupyter kernel.
"""

from __future__ import annotations

import copy
import gc
import io
import json
import os
import platform
import sys
from contextlib import contextmanager
from pathlib import Path

__all__ = ["ENGINE_NAME", "KERNEL_NAME", "LANGUAGE_INFO", "INLINE_BACKEND", "Shell", "Stopped", "preload",
           "register_engine", "run_error"]

ENGINE_NAME = "regiobeeld-inprocess"
#: The kernel a notebook names: plain papermill runs it with this one.
KERNEL_NAME = "python3"
#: The backend ipykernel sets, so a figure a notebook leaves open is shown as in Jupyter.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: What ipykernel's ``kernel_info`` reports, which nbclient writes into the notebook.
LANGUAGE_INFO = {
    "name": "python", "version": platform.python_version(), "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": 3}, "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python", "file_extension": ".py",
}
#: Imported once per worker, as a warm kernel did, so notebooks find them loaded.
WARMUP = ("pandas", "regiobeeld.presentation.report", "regiobeeld.indicators", "regiobeeld.sources.dropins")


class Stopped(SystemExit):
    """Raised (by a signal handler) to stop the process: a cell it interrupts does not
    fail, the stop goes on past IPython, which would otherwise show it as the cell's error."""


def preload() -> None:
    """Import what the engine and the notebooks need (before workers are forked)."""
    import IPython.core.interactiveshell  # noqa: F401
    import jupyter_client.session  # noqa: F401
    import nbformat  # noqa: F401
    import papermill.engines  # noqa: F401
    import papermill.execute  # noqa: F401

    for module in WARMUP:
        __import__(module)


class Shell:
    """One IPython shell per process whose outputs become notebook outputs."""

    _instance: Shell | None = None

    def __init__(self) -> None:
        from IPython.core.displayhook import DisplayHook
        from IPython.core.displaypub import DisplayPublisher
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        self.outputs: list[dict] = []
        self._clear_pending = False
        shell_self = self

        class Publisher(DisplayPublisher):
            def publish(self, data, metadata=None, *args, **kwargs):
                shell_self.add({"output_type": "display_data", "data": data, "metadata": metadata or {}})

            def clear_output(self, wait=False):
                shell_self.clear(wait)

        class Hook(DisplayHook):
            def write_output_prompt(self):
                pass

            def write_format_data(self, format_dict, md_dict=None):
                shell_self.add({"output_type": "execute_result", "data": format_dict,
                                "metadata": md_dict or {}, "execution_count": self.prompt_count})

        class Kernelish(InteractiveShell):
            def _showtraceback(self, etype, evalue, stb):
                shell_self.add({"output_type": "error", "ename": getattr(etype, "__name__", str(etype)),
                                "evalue": str(evalue), "traceback": list(stb)})

        _as_new_process()
        config = Config()
        config.HistoryManager.enabled = False      # no history database on disk
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        if InteractiveShell.initialized() and not isinstance(InteractiveShell.instance(), Kernelish):
            InteractiveShell.clear_instance()      # another shell in this process (tests)
        self.shell = Kernelish.instance(config=config)
        self.shell.display_pub = Publisher(shell=self.shell)
        self.shell.displayhook = Hook(shell=self.shell, cache_size=self.shell.cache_size)
        self.shell.display_trap.hook = self.shell.displayhook
        preload()

    @classmethod
    def get(cls) -> Shell:
        """This process's shell, made on first use."""
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def reset(self, cwd: Path) -> None:
        """A fresh kernel's state: empty namespace, counts from 1, no figures, ``cwd``.

        IPython's reset ends with a full garbage collection, which would walk every object
        of the loaded libraries and indicators (0,1 s a notebook); what survives it is
        frozen, so the next collection walks only what the last notebook made."""
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
            sys.modules["matplotlib"].rcdefaults()
        self.shell.reset(new_session=True)
        gc.freeze()
        self.shell.execution_count = 1
        os.chdir(cwd)

    def run(self, source: str) -> tuple[list[dict], int | None, bool]:
        """Execute one cell: its outputs, its execution count, and whether it raised."""
        self.outputs, self._clear_pending = [], False
        count = self.shell.execution_count
        with _captured(self):
            result = self.shell.run_cell(source, store_history=True)
        if isinstance(result.error_in_exec, (Stopped, KeyboardInterrupt)):
            raise result.error_in_exec
        return self.outputs, count, not result.success

    def add(self, output: dict) -> None:
        """Append an output as it reaches a notebook from a kernel: data as JSON, and text
        written between two other outputs joined per stream (a kernel buffers its streams
        until something else is shown)."""
        if self._clear_pending:
            self.outputs, self._clear_pending = [], False
        if output["output_type"] == "stream":
            for previous in reversed(self.outputs):
                if previous["output_type"] != "stream":
                    break
                if previous["name"] == output["name"]:
                    previous["text"] += output["text"]
                    return
        if "data" in output:
            output["data"], output["metadata"] = _as_json(output["data"]), _as_json(output["metadata"])
        self.outputs.append(output)

    def clear(self, wait: bool) -> None:
        """``clear_output``: now, or (``wait``) when the next output arrives."""
        if wait:
            self._clear_pending = True
        else:
            self.outputs = []


#: Python's warning filters at start-up (``-W`` options and ``PYTHONWARNINGS`` come on top).
DEFAULT_WARNING_FILTERS = (("default", DeprecationWarning, "__main__"), ("ignore", DeprecationWarning, ""),
                           ("ignore", PendingDeprecationWarning, ""), ("ignore", ImportWarning, ""),
                           ("ignore", ResourceWarning, ""))


def _as_new_process() -> None:
    """The warning filters and logging of a new kernel process: a worker forked from a
    process that changed them (a test run that turns warnings into errors, a script with
    log handlers) must not pass that on to the notebooks."""
    import logging
    import warnings

    warnings.resetwarnings()
    for action, category, module in DEFAULT_WARNING_FILTERS:
        warnings.filterwarnings(action, category=category, module=module, append=True)
    for option in sys.warnoptions:
        try:
            warnings._setoption(option)  # noqa: SLF001 - how Python applies -W at start-up
        except (warnings._OptionError, AttributeError):  # noqa: SLF001
            pass
    logging.root.handlers.clear()


class _Stream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` during a cell: what is written becomes a stream output."""

    def __init__(self, shell: Shell, name: str):
        self.shell, self.name = shell, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self.shell.add({"output_type": "stream", "name": self.name, "text": text})
        return len(text)


@contextmanager
def _captured(shell: Shell):
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = _Stream(shell, "stdout"), _Stream(shell, "stderr")
    sys.stdin = io.StringIO()          # input() ends at once, as in a kernel without stdin
    try:
        yield
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved


def _as_json(value):
    """``value`` as a kernel message carries it: JSON types only (numbers from numpy, tuples…)."""
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return value
    from jupyter_client.session import json_packer

    return json.loads(json_packer(value))


def register_engine() -> None:
    """Register the in-process engine with papermill under :data:`ENGINE_NAME`."""
    from papermill.engines import Engine, papermill_engines

    class InProcessEngine(Engine):
        """papermill engine that executes cells in this process's :class:`Shell`."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
            shell = Shell.get()
            shell.reset(Path.cwd())
            nb_man.nb.metadata["language_info"] = copy.deepcopy(LANGUAGE_INFO)
            for index, cell in enumerate(nb_man.nb.cells):
                nb_man.cell_start(cell, index)
                try:
                    if _runs(cell) and _execute(shell, cell):
                        nb_man.cell_exception(cell, cell_index=index)
                        break
                finally:
                    nb_man.cell_complete(cell, cell_index=index)
            if nb_man.nb.metadata.get("papermill", {}).get("exception"):
                raise run_error(nb_man.nb, str(kwargs.get("input_path", "")))
            return nb_man.nb

    papermill_engines.register(ENGINE_NAME, InProcessEngine)


def _runs(cell) -> bool:
    """nbclient's rule: code cells with code in them, unless tagged ``skip-execution``."""
    return (cell.cell_type == "code" and bool(cell.source.strip())
            and "skip-execution" not in cell.get("metadata", {}).get("tags", []))


def _execute(shell: Shell, cell) -> bool:
    """Run ``cell``, fill its outputs and count; True when it raised (and may not)."""
    from nbformat import from_dict

    outputs, count, raised = shell.run(cell.source)
    cell.execution_count = count
    cell.outputs = [from_dict(output) for output in outputs]
    return raised and "raises-exception" not in cell.get("metadata", {}).get("tags", [])


def run_error(nb, notebook: str, error=None):
    """:class:`~regiobeeld.core.errors.NotebookRunError` for papermill's ``error``, or for the one
    the executed notebook ``nb`` holds (papermill then marks its cell, as in its output)."""
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    from ..core.errors import NotebookRunError

    if error is None:
        nb = copy.deepcopy(nb)       # papermill still finishes the original when this is raised
        try:
            raise_for_execution_errors(nb, None)
        except PapermillExecutionError as exc:
            error = exc
    if error is None:
        return NotebookRunError(f"{notebook} mislukte", notebook=notebook, executed=nb)
    return NotebookRunError(f"{error.ename}: {error.evalue}", notebook=notebook, cell_index=error.cell_index,
                            ename=error.ename, evalue=error.evalue, traceback="\n".join(error.traceback),
                            executed=nb)
