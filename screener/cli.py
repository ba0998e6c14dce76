"""The ``screener`` command line: parse options, call one library function, render, exit.

Exit codes (contract): 0 clean, 1 at least one supplier at or above ``--fail-on``, 2 usage or
input error, 3 watchlist data missing, empty, unreadable or stale.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from platformdirs import user_data_dir
from rich.console import Console

from screener import termination
from screener.errors import InputError, ScreenerError

app = typer.Typer(
    name="screener",
    help="Supply-chain due-diligence screener: watchlists, atrocity-risk jurisdictions and "
    "workforce inclusion. Run 'screener COMMAND --help' for examples.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
lists_app = typer.Typer(
    help="Manage the official watchlists: download, import, status, diff.",
    no_args_is_help=True,
)
app.add_typer(lists_app, name="lists")


def _given(ctx: typer.Context, parameter: str) -> bool:
    """Whether the user gave an option on the command line (not its default)."""
    source = ctx.get_parameter_source(parameter)
    return source is not None and source.name == "COMMANDLINE"


def _print_version(value: bool) -> None:
    if value:
        from screener import __version__

        typer.echo(f"screener {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Supply-chain due-diligence screener: watchlists, atrocity-risk jurisdictions and
    workforce inclusion. Run 'screener COMMAND --help' for examples."""


err = Console(stderr=True, highlight=False, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="SCREENER_DATA_DIR",
        help="Where list snapshots and history live (default: the user data directory).",
        show_default=False,
    ),
]
ListsOpt = Annotated[
    str | None,
    typer.Option("--lists", help="Comma-separated list ids (default: every list available)."),
]
ThresholdOpt = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        min=0,
        max=100,
        help="Minimum match score reported (0-100).",
        show_default=False,
    ),
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="TOML file overriding weights and thresholds.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary.")]
AllowStaleOpt = Annotated[
    bool,
    typer.Option("--allow-stale", help="Screen even when a list is older than its maximum age."),
]
OfflineOpt = Annotated[bool, typer.Option("--offline", help="Never touch the network.")]


def data_dir_of(value: Path | None) -> Path:
    return Path(value) if value is not None else Path(user_data_dir("screener", appauthor=False))


def interactive(quiet: bool) -> bool:
    """Progress bars and summaries only for a person at a terminal."""
    return not quiet and err.is_terminal and not os.environ.get("CI")


def guarded(fn: F) -> F:
    """Turn library errors into one line on standard error and the contract's exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ScreenerError as exc:
            err.print(f"screener: error: {exc}", markup=False)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("SCREENER_DEBUG"):
                raise
            err.print(
                f"screener: internal error: {type(exc).__name__}: {exc} "
                "(set SCREENER_DEBUG=1 for the traceback)",
                markup=False,
            )
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def main() -> None:
    """The console entry point: a usage error is one line on standard error, exit 2.

    A termination request (SIGTERM, as a CI runner cancelling a job sends) unwinds like an
    interrupt, so partial outputs and temporary files are removed; exit 143.
    """
    termination.install()
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # option parsing: unknown option, bad value, …
        message = exc.format_message()
        if message:  # (no arguments at all: the help was printed instead)
            err.print(f"screener: error: {message}", markup=False)
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        err.print("screener: aborted", markup=False)
        raise SystemExit(130) from None
    raise SystemExit(code if isinstance(code, int) else 0)


# --------------------------------------------------------------------------------------
# scan


@app.command()
@guarded
def scan(
    ctx: typer.Context,
    input: Annotated[Path, typer.Argument(help="Supplier file: CSV, XLSX or Parquet.")],
    xlsx: Annotated[Path, typer.Option("--xlsx", help="Excel workbook for auditors.")] = Path(
        "screener-report.xlsx"
    ),
    no_xlsx: Annotated[
        bool,
        typer.Option("--no-xlsx", help="Write no workbook (a CI job that reads the JSON)."),
    ] = False,
    json_out: Annotated[
        str | None, typer.Option("--json", help="JSON result file, or - for standard output.")
    ] = None,
    lists: ListsOpt = None,
    threshold: ThresholdOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a supplier is at or above this tier: low, medium, high, "
            "critical or none (default: high).",
            show_default=False,
        ),
    ] = None,
    config: ConfigOpt = None,
    data_dir: DataDir = None,
    workforce: Annotated[
        Path | None, typer.Option("--workforce", help="Workforce file (long format).")
    ] = None,
    dispositions: Annotated[
        Path | None,
        typer.Option("--dispositions", help="A reviewed workbook: decided alerts carry over."),
    ] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="JUnit XML for CI.")] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local, or dask[=ADDRESS] for a Dask cluster.")
    ] = "local",
    allow_stale: AllowStaleOpt = False,
    offline: OfflineOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Screen a supplier file against the watchlists, score exposure, write the reports.

    Example:  screener scan examples/suppliers.csv --json result.json --fail-on high
    """
    from screener.commands.scan import run_scan

    if no_xlsx and _given(ctx, "xlsx"):
        raise InputError("--xlsx and --no-xlsx: choose one")
    code = run_scan(
        input,
        xlsx=None if no_xlsx else xlsx,
        json_out=json_out,
        lists=lists,
        threshold=threshold,
        fail_on=fail_on,
        config_path=config,
        data_dir=data_dir_of(data_dir),
        workforce=workforce,
        dispositions=dispositions,
        junit=junit,
        engine=engine,
        allow_stale=allow_stale,
        offline=offline,
        interactive=interactive(quiet),
        quiet=quiet,
        console=err,
    )
    raise typer.Exit(code)


@app.command()
@guarded
def rescreen(
    json_out: Annotated[
        str | None, typer.Option("--json", help="JSON of the changes, or - for stdout.")
    ] = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Workbook of the new full result.")
    ] = None,
    data_dir: DataDir = None,
    allow_stale: AllowStaleOpt = False,
    offline: OfflineOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Re-screen the last scanned supplier file against the current lists; report changes.

    Example:  screener lists update && screener rescreen --json changes.json
    """
    from screener.commands.scan import run_rescreen

    code = run_rescreen(
        json_out=json_out,
        xlsx=xlsx,
        data_dir=data_dir_of(data_dir),
        allow_stale=allow_stale,
        offline=offline,
        quiet=quiet,
        console=err,
    )
    raise typer.Exit(code)


# --------------------------------------------------------------------------------------
# match and jurisdiction


@app.command()
@guarded
def match(
    name: Annotated[str, typer.Argument(help="The name to look up.")],
    country: Annotated[
        str | None, typer.Option("--country", help="The party's country (free text).")
    ] = None,
    lists: ListsOpt = None,
    threshold: ThresholdOpt = None,
    json_flag: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    config: ConfigOpt = None,
    data_dir: DataDir = None,
    allow_stale: AllowStaleOpt = False,
) -> None:
    """Look one name up in the watchlists and explain every hit.

    Example:  screener match "Korea Mining Development Trading Corp" --country "DPRK"
    """
    from screener.commands.lookup import run_match

    run_match(
        name,
        country=country,
        lists=lists,
        threshold=threshold,
        as_json=json_flag,
        config_path=config,
        data_dir=data_dir_of(data_dir),
        allow_stale=allow_stale,
    )


@app.command()
@guarded
def jurisdiction(
    text: Annotated[str, typer.Argument(help="A country, region, code or address.")],
    json_flag: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    config: ConfigOpt = None,
    data_dir: DataDir = None,
) -> None:
    """Resolve a place and show its atrocity-risk score, indicators and sources.

    Example:  screener jurisdiction "Crimea, Ukraine"
    """
    from screener.commands.lookup import run_jurisdiction

    run_jurisdiction(text, as_json=json_flag, config_path=config)


# --------------------------------------------------------------------------------------
# lists


@lists_app.command("update")
@guarded
def lists_update(
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="List id to download (repeatable; default: all)."),
    ] = None,
    url: Annotated[
        list[str] | None,
        typer.Option("--url", help="ID=URL: download a list from a mirror (repeatable)."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Accept a version much smaller than the last.")
    ] = False,
    data_dir: DataDir = None,
    quiet: QuietOpt = False,
) -> None:
    """Download the official lists; a failed download keeps the last good version.

    Example:  screener lists update --source un_sc --source us_ofac_sdn
    """
    from screener.commands.lists import run_update

    raise typer.Exit(
        run_update(
            data_dir_of(data_dir),
            sources=source or None,
            urls=url or [],
            force=force,
            progress=interactive(quiet),
            quiet=quiet,
        )
    )


@lists_app.command("import")
@guarded
def lists_import(
    list_id: Annotated[str, typer.Argument(metavar="ID", help="List id, e.g. un_sc.")],
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Official file(s).")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="Format of a company's own list (default: custom_csv)."),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (YYYY-MM-DD), required for files that state none (OFAC CSV).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Accept a version that fails a sanity check: much smaller than the last or "
            "than such a list usually is, or missing some of its files.",
        ),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Load local official files as the list's new version.

    Example:  screener lists import us_ofac_sdn sdn.csv alt.csv add.csv sdn_comments.csv
    --published 2021-07-07
    """
    from screener.commands.lists import run_import

    run_import(data_dir_of(data_dir), list_id, paths, fmt=fmt, published=published, force=force)


@lists_app.command("status")
@guarded
def lists_status(
    json_flag: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    config: ConfigOpt = None,
    data_dir: DataDir = None,
) -> None:
    """Show each list's version, entity count, age and sha256.

    Example:  screener lists status --json
    """
    from screener.commands.lists import run_status

    run_status(data_dir_of(data_dir), as_json=json_flag, config_path=config)


@lists_app.command("diff")
@guarded
def lists_diff(
    list_id: Annotated[str, typer.Argument(metavar="ID", help="List id.")],
    old: Annotated[str | None, typer.Argument(help="Older version (default: previous).")] = None,
    new: Annotated[str | None, typer.Argument(help="Newer version (default: current).")] = None,
    json_flag: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Entities added, removed and changed between two stored versions of a list.

    Example:  screener lists diff us_ofac_sdn
    """
    from screener.commands.lists import run_diff

    run_diff(data_dir_of(data_dir), list_id, old, new, as_json=json_flag)
