"""Ship the template workbook (notebooks/ and params/) inside the package.

Everything else is in pyproject.toml. The notebooks and parameters live at the top of the
checkout, where advisers and JupyterLab find them; a wheel copies them into
``regiobeeld/workbook_template/`` so ``pip install`` works outside a checkout.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

WORKBOOK = (("notebooks", "*.ipynb"), ("params", "*.yaml"))


class BuildWithWorkbook(build_py):
    """build_py that also copies the template workbook into the built package."""

    def run(self):
        super().run()
        root = Path(__file__).resolve().parent
        for folder, pattern in WORKBOOK:
            target = Path(self.build_lib) / "regiobeeld" / "workbook_template" / folder
            self.mkpath(str(target))
            for path in sorted((root / folder).glob(pattern)):
                self.copy_file(str(path), str(target / path.name))


setup(cmdclass={"build_py": BuildWithWorkbook})
