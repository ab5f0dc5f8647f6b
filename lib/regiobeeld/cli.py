"""The ``regiobeeld`` command: parse arguments, call the library, report in one line.

No logic lives here. A :class:`~regiobeeld.core.errors.RegiobeeldError` or a file-system
error (no write permission, a file where a folder belongs) becomes one line
``Fout: <message>`` on stderr and exit code 1; a usage error exits with 2 and names the
bad argument and the valid choices; a render whose bundle was made exits with 3 when
pages failed, else 4 when indicators are missing; Ctrl-C exits with 130.
"""

from __future__ import annotations

import argparse
import errno
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

from .core.errors import RegiobeeldError

__all__ = ["main", "build_parser"]

EXIT_FAILED_PAGES = 3
EXIT_MISSING_INDICATORS = 4
EXIT_SOURCE_PROBLEMS = 5
EXIT_INTERRUPTED = 130

EPILOG_MAIN = """\
Voorbeelden:
  regiobeeld render                           alle 35 regio's, alle thema's (demodata)
  regiobeeld render --regio AM22 --thema aanbod vraag
  regiobeeld render --bron cbs --offline      CBS-cijfers uit de cache, zonder internet
  regiobeeld prefetch --bron cbs              alle CBS-tabellen in de cache zetten
  regiobeeld bronnen controleren --bron cbs   kloppen de CBS-tabellen nog met de catalogus?
  regiobeeld snapshot export data.zip         de cache delen met een collega
  regiobeeld eigen-data sjablonen eigen-data/ lege sjablonen voor UWV/SBB/DUO/KVK-bestanden
  regiobeeld nieuw mijn-regio                 een eigen werkmap om aan te passen

Meer hulp per opdracht: regiobeeld render --help
"""

EPILOG_RENDER = """\
Resultaat: <uit>/<naam>/index.html met per regio een map met de themapagina's,
indicators.csv (voor Excel: puntkomma, decimale komma) en een zip om te mailen.
Logbestanden per regio staan in <uit>/<naam>.logs/ (niet in de bundel).
Met --regio of --thema worden alleen die pagina's gemaakt; de andere regio's en thema's
van de bestaande bundel blijven staan (--apart maakt een losse bundel).
regiobeeld vervangt alleen mappen die het zelf maakte (herkenbaar aan .regiobeeld-bundel).
Met --pdf komt per regio één A4-PDF in <uit>/<naam>-pdf/.
Ongewijzigde pagina's worden hergebruikt; --volledig maakt alles opnieuw.
Afsluitcode: 0 alles gelukt, 1 fout (bundel niet gemaakt), 2 verkeerde opdracht,
3 bundel gemaakt maar sommige pagina's mislukt of regio's overgeslagen (zie de samenvatting),
4 bundel gemaakt maar sommige indicatoren niet beschikbaar (3 gaat voor), 130 afgebroken.

Voorbeelden:
  regiobeeld render --regio AM22
  regiobeeld render --regio AM22 AM05 --thema kerncijfers aanbod --jobs 2
  regiobeeld render --alle --uit outputs --naam regiobeeld-2026
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the CLI)."""
    parser = argparse.ArgumentParser(
        prog="regiobeeld",
        description="regiobeeld: data-analyse voor de regionale arbeidsmarktagenda, in de opbouw "
                    "van Regio in Beeld (UWV), voor alle 35 arbeidsmarktregio's als offline HTML-bundel.",
        epilog=EPILOG_MAIN, formatter_class=argparse.RawDescriptionHelpFormatter)
    from . import __version__
    parser.add_argument("--version", action="version", version=f"regiobeeld {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT", required=True)

    render = commands.add_parser(
        "render", help="notebooks uitvoeren en de HTML-bundel maken",
        description="Voer de thema-notebooks uit voor de gekozen regio's en maak de HTML-bundel.",
        epilog=EPILOG_RENDER, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = render.add_mutually_exclusive_group()
    which.add_argument("--regio", "--region", dest="regions", nargs="+", metavar="AMxx",
                       help="regiocode(s), bijvoorbeeld AM22 (standaard: alle 35)")
    which.add_argument("--alle", "--all", dest="all_regions", action="store_true",
                       help="alle 35 regio's (standaard)")
    render.add_argument("--thema", "--theme", dest="themes", nargs="+", metavar="THEMA",
                        help="thema('s): kerncijfers, aanbod, vraag, mismatch, eigen (standaard: alle)")
    render.add_argument("--jobs", "-j", type=_positive_int, default=0, metavar="N",
                        help="aantal notebooks tegelijk (standaard: zoveel als het werk vraagt, hoogstens "
                             "het aantal processorkernen, en niet meer dan het vrije geheugen toelaat)")
    render.add_argument("--uit", "--out", dest="out", type=Path, default=Path("outputs"),
                        metavar="MAP", help="map voor de bundel (standaard: outputs)")
    render.add_argument("--naam", "--name", dest="name", default=None, type=_bundle_name,
                        help="naam van de bundel (standaard: regiobeeld)")
    render.add_argument("--apart", "--separate", dest="separate", action="store_true",
                        help="een aparte bundel met alleen deze regio's (standaard naam "
                             "regiobeeld-am22); zonder --apart komen ze in de bestaande bundel")
    render.add_argument("--volledig", "--force-rebuild", dest="force", action="store_true",
                        help="alles opnieuw maken, ook ongewijzigde pagina's")
    render.add_argument("--notebooks", type=Path, default=None, metavar="MAP",
                        help="map met de thema-notebooks (standaard: notebooks/ van de werkmap)")
    render.add_argument("--geen-voortgang", "--no-progress", dest="progress", action="store_false",
                        help="geen voortgangsbalk")
    render.add_argument("--pdf", action="store_true",
                        help="ook één A4-PDF per regio met alle thema's, in <uit>/<naam>-pdf/ "
                             "(nodig: Debian's chromium)")
    _data_options(render)
    render.set_defaults(subparser=render)

    prefetch = commands.add_parser("prefetch", help="alle tabellen in de cache zetten",
                                   description="Haal alle benodigde tabellen op en zet ze in de cache.")
    _data_options(prefetch)

    sources = commands.add_parser("bronnen", help="de CBS-bronnen controleren",
                                  description="Controleer de bronnen van regiobeeld.")
    source_commands = sources.add_subparsers(dest="sources_command", metavar="ACTIE", required=True)
    check = source_commands.add_parser(
        "controleren", help="kloppen de tabellen nog met de catalogus?",
        description="Lees alleen de metadata van elke CBS-tabel (onderwerpen, dimensies, categorieën) en "
                    "meld per tabel wat ontbreekt of hernoemd is, met de titels die erop lijken en de "
                    "indicatoren die het raakt.",
        epilog="Afsluitcode: 0 alles in orde, 1 fout (bijvoorbeeld CBS niet bereikbaar), "
               f"{EXIT_SOURCE_PROBLEMS} problemen gevonden.")
    check.add_argument("--bron", "--source", dest="source", choices=("demo", "cbs"), default=None,
                       help="demo of cbs (standaard: REGIOBEELD_SOURCE, anders demo)")

    snapshot = commands.add_parser("snapshot", help="de cache exporteren of importeren (zip)",
                                   description="Deel de cache als zip-bestand, bijvoorbeeld voor "
                                               "een computer zonder internet.")
    snapshot_commands = snapshot.add_subparsers(dest="snapshot_command", metavar="ACTIE", required=True)
    export = snapshot_commands.add_parser("export", help="cache naar een zip-bestand schrijven")
    export.add_argument("file", type=Path, metavar="BESTAND.zip")
    _data_options(export)
    load = snapshot_commands.add_parser("import", help="een zip-bestand in de cache zetten")
    load.add_argument("file", type=Path, metavar="BESTAND.zip")
    load.add_argument("--force", action="store_true", help="bestaande cache-items overschrijven")
    _data_options(load)

    new = commands.add_parser("nieuw", help="een eigen werkmap maken (notebooks, params, eigen-data)",
                              description="Maak een werkmap met de thema-notebooks, de parameters per "
                                          "regio en een map eigen-data/. In die map maakt "
                                          "'regiobeeld render' de bundel met uw aanpassingen.")
    new.add_argument("folder", type=Path, metavar="MAP")

    own = commands.add_parser("eigen-data", help="eigen bestanden (UWV, SBB, DUO, KVK)",
                              description="Hulp bij eigen exportbestanden naast de CBS-cijfers.")
    own_commands = own.add_subparsers(dest="own_command", metavar="ACTIE", required=True)
    templates = own_commands.add_parser("sjablonen", help="lege sjablonen in een map schrijven")
    templates.add_argument("folder", type=Path, metavar="MAP")
    return parser


def _data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bron", "--source", dest="source", choices=("demo", "cbs"), default=None,
                        help="demo (ingebouwde demonstratiegegevens) of cbs (CBS StatLine); "
                             "standaard: REGIOBEELD_SOURCE, anders demo")
    parser.add_argument("--offline", action="store_true", default=None,
                        help="niets downloaden, alleen de cache gebruiken")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen geheel getal: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"moet 1 of meer zijn, niet {value}")
    return value


def _bundle_name(text: str) -> str:
    if not text or text.startswith(".") or any(c in text for c in "/\\:"):
        raise argparse.ArgumentTypeError(f"ongeldige bundelnaam {text!r} (geen / \\ : of beginpunt)")
    return text


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``regiobeeld``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("Afgebroken; de vorige bundel is niet aangeraakt.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except RegiobeeldError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Fout: {file_error(exc)}", file=sys.stderr)
        return 1


def file_error(exc: OSError) -> str:
    """An ordinary file-system error as one line: the path, what is wrong, what to do."""
    path = exc.filename or "een bestand"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
        return (f"{path}: geen schrijfrechten ({exc.strerror}). Kies een map waarin u mag schrijven "
                "(--uit, REGIOBEELD_CACHE) of pas de rechten aan.")
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return f"{path}: hier staat een bestand waar een map moet komen. Kies een andere map (--uit)."
    if exc.errno == errno.ENOSPC:
        return f"{path}: de schijf is vol. Maak ruimte vrij en probeer het opnieuw."
    return f"{path}: {exc.strerror or exc}. Controleer het pad en probeer het opnieuw."


def _dispatch(args) -> int:
    if args.command == "nieuw":
        from .batch.workbook import create_workbook

        folder = create_workbook(args.folder)
        print(f"Werkmap gemaakt: {folder}. Maak de bundel met: cd {folder} && regiobeeld render")
        return 0
    if args.command == "eigen-data":
        from .sources.dropins import write_templates

        written = write_templates(args.folder)
        print(f"Sjablonen geschreven in {args.folder}" + (f": {len(written)} bestanden" if written else "."))
        return 0
    settings = _settings(args)
    if args.command == "render":
        with _data_progress(args.progress):
            return _render(args, settings)
    if args.command == "bronnen":
        return _check_sources(settings)
    if args.command == "prefetch":
        from .store.data import DataStore, helper_pool

        with _data_progress(True), DataStore(settings) as store, helper_pool() as helper:
            report = store.prefetch(helper=helper)
        print(f"Alle {len(report.tables)} tabellen staan in de cache ({settings.cache_dir}); "
              f"{report.requests} verzoeken.")
        return 0
    from .store.data import DataStore
    from .store.snapshot import export_snapshot, import_snapshot

    with DataStore(settings) as store:     # the cache exactly as the data layer configures it
        if args.snapshot_command == "export":
            summary = export_snapshot(store.cache, args.file)
            print(f"Snapshot geschreven: {args.file} ({len(summary.written)} tabellen).")
        else:
            summary = import_snapshot(store.cache, args.file, force=args.force)
            print(f"Snapshot geïmporteerd in {settings.cache_dir}: {len(summary.written)} tabellen.")
    for entry, reason in summary.skipped:
        print(f"  overgeslagen: {entry} ({reason})")
    return 0


class _Console(logging.Handler):
    """Progress lines to the current stderr (looked up per line, so redirection works)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(self.format(record), file=sys.stderr, flush=True)


@contextmanager
def _data_progress(show: bool):
    """Show the data phase's per-table progress lines on the console while the block runs."""
    logger = logging.getLogger("regiobeeld.progress")
    handler = _Console()
    saved = logger.level, logger.propagate
    if show:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.level, logger.propagate = saved


def _check_sources(settings) -> int:
    from .indicators import SPECS
    from .indicators.sourcecheck import check_sources, report_lines
    from .store.data import DataStore

    with DataStore(settings) as store:
        client = store.client()
        print(f"Bronnen controleren op {client.base_url if settings.source == 'cbs' else 'de demonstratiegegevens'}:",
              flush=True)
        checks = check_sources(client)
    print("\n".join(report_lines(checks, {spec_id: spec.label for spec_id, spec in SPECS.items()})))
    return 0 if all(check.ok for check in checks) else EXIT_SOURCE_PROBLEMS


def _settings(args):
    from .core.settings import Settings

    return Settings.from_env(source=getattr(args, "source", None), offline=getattr(args, "offline", None))


def _render(args, settings) -> int:
    from .batch.runner import RenderOptions, render, select_notebooks
    from .core.errors import ConfigError, UnknownRegionError
    from .core.regions import CODES, check_code_or_name
    from .core.settings import workbook_root

    render_parser = args.subparser
    try:
        regions = (tuple(dict.fromkeys(check_code_or_name(code, settings.params_dir) for code in args.regions))
                   if args.regions else CODES)
    except UnknownRegionError as exc:
        render_parser.error(f"argument --regio: {exc}")
    notebooks_dir = args.notebooks or workbook_root() / "notebooks"
    themes = tuple(args.themes or ())
    try:
        select_notebooks(notebooks_dir, themes)
    except ConfigError as exc:
        render_parser.error(f"argument {'--thema' if themes else '--notebooks'}: {exc}")
    name = args.name or ("-".join(["regiobeeld", *(c.lower() for c in regions)])
                         if args.separate and args.regions else "regiobeeld")
    options = RenderOptions(regions=regions, notebooks_dir=notebooks_dir, out_dir=args.out,
                            themes=themes, name=name, jobs=args.jobs, force=args.force,
                            progress=args.progress, merge=not args.separate)
    if args.pdf:
        from .batch.bundle import check_folder
        from .batch.pdf import pdf_dir, require_chromium

        require_chromium()          # before any work: say at once what is missing
        check_folder(pdf_dir(Path(options.out_dir) / options.name), "geen PDF-map van regiobeeld")
    from .indicators.compute import prepare

    report = render(options, settings, prepare)
    pdf_failed = args.pdf and _print_pdfs(report.bundle, options, settings)
    if report.failures or report.skipped or pdf_failed:
        return EXIT_FAILED_PAGES
    return EXIT_MISSING_INDICATORS if report.missing_indicators else 0


def _print_pdfs(bundle, options, settings) -> bool:
    """One PDF per region of the bundle; True when a region could not be printed."""
    from .batch.pdf import write_region_pdfs
    from .batch.runner import select_notebooks
    from .core.regions import load_region

    regions = [load_region(code, settings.params_dir) for code in options.regions]
    notebooks = select_notebooks(options.notebooks_dir, options.themes)
    return bool(write_region_pdfs(bundle, regions, notebooks).failed)
