"""A warm-kernel papermill engine: one kernel per worker process, reused per notebook.

Starting a Jupyter kernel and importing pandas and regiobeeld costs about two seconds,
more than a typical notebook. :class:`WarmKernel` starts one kernel, pre-imports those
libraries, and before every notebook resets the kernel to a clean state (fresh
namespace, working directory, and closed figures and default rcParams if a notebook
used matplotlib). After a
notebook fails the kernel is restarted, so a broken state never leaks into the next one.

papermill calls engines through its registry; :func:`register_engine` registers a
:class:`WarmKernelEngine` bound to one :class:`WarmKernel` under :data:`ENGINE_NAME`.
The runner calls it inside each worker process, never at import.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["ENGINE_NAME", "KERNEL_NAME", "KERNEL_ARGUMENTS", "WARMUP_CODE", "WarmKernel", "register_engine",
           "run_error"]

ENGINE_NAME = "regiobeeld-warm"
KERNEL_NAME = "python3"
#: Kernel command-line options: keep the kernel's own log (e.g. its TCP notice) quiet.
#: No history database on disk: parallel kernels would contend for its lock.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.hist_file=:memory:"]

#: Imported once per kernel, so notebooks find them in ``sys.modules``.
WARMUP_CODE = """\
import pandas
import regiobeeld
import regiobeeld.presentation.report, regiobeeld.indicators, regiobeeld.presentation.charts, regiobeeld.sources.dropins
import gc
gc.freeze()   # the imported libraries never become garbage; %reset's gc.collect skips them
del gc
"""

#: Run before every notebook: the namespace and cwd of a fresh kernel, and, when a
#: notebook used matplotlib itself, no figures and default rcParams.
RESET_CODE = """\
get_ipython().run_line_magic("reset", "-f")
import os as _os, sys as _sys
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
    _sys.modules["matplotlib"].rcdefaults()
_os.chdir({cwd!r})
del _os, _sys
"""


class WarmKernel:
    """One long-lived kernel for a worker process.

    Parameters
    ----------
    cwd : path
        Working directory of the kernel at start-up (notebooks get their own cwd).
    env : dict, optional
        Extra environment variables for the kernel process.
    """

    def __init__(self, cwd: Path, env: dict[str, str] | None = None):
        self.cwd = Path(cwd).resolve()
        self.env = dict(env or {})
        self.km = None
        self.kc = None          # one client for the kernel's life: wait_for_ready costs 0.2 s each
        self._sockets: Path | None = None
        self.starts = 0

    def ensure_started(self) -> None:
        """Start the kernel and run :data:`WARMUP_CODE` if it is not running."""
        from jupyter_core.utils import run_sync

        if self.km is not None and run_sync(self.km.is_alive)():
            return
        self.shutdown()
        from jupyter_client.manager import AsyncKernelManager

        # IPC sockets in a folder of this kernel's own: parallel workers starting kernels
        # cannot race for the same TCP port ("Address already in use"), and nothing listens
        # on the network.
        self._sockets = Path(tempfile.mkdtemp(prefix="regiobeeld-kernel-"))
        km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(self._sockets / "k"))
        self.km = km            # before the launch: a worker stopped mid-start still shuts it down
        run_sync(km.start_kernel)(cwd=str(self.cwd), env={**os.environ, **self.env},
                                  extra_arguments=list(KERNEL_ARGUMENTS))
        self.kc = km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=120)
        self.starts += 1
        self.run_code(WARMUP_CODE)

    def run_code(self, code: str, timeout: float = 120.0) -> None:
        """Execute ``code`` silently in the kernel; raise RuntimeError if it fails."""
        from jupyter_core.utils import run_sync

        reply = run_sync(self.kc.execute_interactive)(code, silent=True, store_history=False,
                                                      timeout=timeout, output_hook=_ignore)
        content = reply["content"]
        if content.get("status") != "ok":
            raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")

    def reset(self, cwd: Path) -> None:
        """Give the next notebook a clean namespace, no figures and ``cwd``."""
        self.ensure_started()
        self.run_code(RESET_CODE.format(cwd=str(Path(cwd).resolve())))

    def restart(self) -> None:
        """Throw the kernel away (after a failure); the next notebook starts a new one."""
        self.shutdown()

    def shutdown(self) -> None:
        """Stop the kernel process, forcefully if it does not answer."""
        if self.km is None:
            return
        from jupyter_core.utils import run_sync

        km, self.km = self.km, None
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        process = getattr(getattr(km, "provisioner", None), "process", None)
        try:
            run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - a kernel that is already gone (or half started) is fine
            pass
        finally:
            if process is not None and process.poll() is None:
                process.kill()
            if process is not None:
                process.wait()      # reaped: no zombie, no ResourceWarning for an unwaited child
        if self._sockets is not None:
            shutil.rmtree(self._sockets, ignore_errors=True)
            self._sockets = None


def _ignore(msg) -> None:
    """Output hook that drops the warm-up/reset output."""


def register_engine(kernel: WarmKernel) -> None:
    """Register a papermill engine that runs notebooks in ``kernel`` (call in the worker)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class WarmKernelEngine(NBClientEngine):
        """papermill engine that executes in a reused, reset kernel."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, **kwargs):
            kernel.reset(Path(os.getcwd()))
            notebook = str(kwargs.get("input_path", ""))
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                                 kernel_name=kernel_name, log_output=log_output,
                                 stdout_file=stdout_file, stderr_file=stderr_file)
            client = PapermillNotebookClient(nb_man, km=kernel.km, **final)
            client.kc = kernel.kc          # nbclient then neither creates nor closes a client
            try:
                client.execute()
            except Exception:
                kernel.restart()   # dead or stuck: the next notebook gets a new kernel
                raise
            if nb_man.nb.metadata.get("papermill", {}).get("exception"):
                kernel.restart()
                raise run_error(nb_man.nb, notebook)   # with the executed notebook, for the logs
            _renumber(nb_man.nb)
            return nb_man.nb

    papermill_engines.register(ENGINE_NAME, WarmKernelEngine)


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


def _renumber(nb) -> None:
    """Execution counts start at 1 in every notebook, as with a fresh kernel."""
    count = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
