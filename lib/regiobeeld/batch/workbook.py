"""``regiobeeld nieuw MAP``: a workbook folder of one's own, made from the template.

The folder holds copies of the theme notebooks and the region parameters, an empty
``eigen-data/`` for own exports and a short README. ``regiobeeld render`` run inside it
uses these copies (see :func:`regiobeeld.core.settings.workbook_root`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..core.errors import ConfigError
from ..core.settings import template_workbook

__all__ = ["create_workbook", "WORKBOOK_README"]

#: What a workbook gets from the template: folder and file pattern.
COPIED = (("notebooks", "*.ipynb"), ("params", "*.yaml"))

WORKBOOK_README = """\
# Werkmap regiobeeld

Een eigen kopie van de analyse-werkmap van regiobeeld, in de opbouw van Regio in Beeld (UWV).

| map | wat erin staat |
|---|---|
| `notebooks/` | de thema-notebooks (kerncijfers, aanbod, vraag, mismatch); pas tekst en figuren hier aan |
| `params/` | per regio de naam, de buurregio's en de plaats op de kaart; `defaults.yaml` voor alle regio's |
| `eigen-data/` | eigen exportbestanden van UWV, SBB, DUO en KVK (CSV of Excel) |

Maak in deze map de HTML-bundel (in `outputs/regiobeeld/`):

```
regiobeeld render
regiobeeld render --regio AM22 --pdf
```

Lege sjablonen voor eigen bestanden: `regiobeeld eigen-data sjablonen eigen-data/`.
Werken in JupyterLab: `jupyter lab notebooks/`.
"""


def create_workbook(target: Path, source: Path | None = None) -> Path:
    """Create the workbook folder ``target`` (absent or empty) from ``source`` (default: the
    template). Built next to ``target`` and renamed into place, so it is whole or absent."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError(f"De map {target} bestaat al en is niet leeg; kies een nieuwe map "
                          "(er wordt niets overschreven).")
    source = Path(source) if source else template_workbook()
    staging = target.with_name(f".{target.name}.nieuw-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _fill(staging, source)
        if target.exists():
            target.rmdir()
        os.rename(staging, target)
    except OSError as exc:
        raise ConfigError(f"Kon de werkmap {target} niet maken: {exc.strerror or exc}.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _fill(folder: Path, source: Path) -> None:
    for name, pattern in COPIED:
        files = sorted((source / name).glob(pattern))
        if not files:
            raise ConfigError(f"De sjabloon-werkmap mist {name}/ ({source}); installeer regiobeeld opnieuw.")
        (folder / name).mkdir(parents=True)
        for path in files:
            shutil.copy2(path, folder / name / path.name)
    (folder / "eigen-data").mkdir()
    (folder / "README.md").write_text(WORKBOOK_README, encoding="utf-8")
