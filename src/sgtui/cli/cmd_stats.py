"""`sgtui stats`: record counts and the headline figures."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

NAME = "stats"
HELP = "print record counts and headline figures"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--borough", help="limit the headline figures to one borough")


def run(args: argparse.Namespace) -> int:
    from sgtui.cli.common import console, open_services, print_json
    from sgtui.services.errors import NotFound
    from sgtui.services.figures import counts, headline
    from sgtui.services.reference import find_borough

    svc = open_services(args, create=False)
    try:
        with svc.session() as session:
            borough = find_borough(session, args.borough) if args.borough else None
            if args.borough and borough is None:
                raise NotFound(f"no borough {args.borough!r}")
            payload = {
                "database": svc.db.display,
                "counts": counts(session),
                "headline": headline(
                    session, svc.clock.today(), borough.id if borough else None
                ).as_dict(),
            }
            if borough:
                payload["borough"] = borough.name
    finally:
        svc.db.dispose()
    if args.json:
        print_json(payload)
    else:
        print_tables(console(), payload)
    return 0


def print_tables(out: Console, payload: dict[str, Any]) -> None:
    """Counts and headline figures as two Rich tables."""
    from rich.table import Table

    from sgtui.services.figures import FIGURES
    from sgtui.services.ukdates import format_uk

    table = Table(title=f"Records in {payload['database']}")
    table.add_column("Record")
    table.add_column("Count", justify="right")
    for name, n in payload["counts"].items():
        table.add_row(name.replace("_", " "), f"{n:,}")
    out.print(table)
    head = payload["headline"]
    figures = Table(
        title=f"Headline figures on {format_uk(head['as_of'])}"
        + (f" — {payload['borough']}" if "borough" in payload else "")
    )
    figures.add_column("Figure")
    figures.add_column("Value", justify="right")
    for figure in FIGURES:
        figures.add_row(figure_label(figure.name, figure.label, head), shown(head[figure.name]))
    out.print(figures)


def figure_label(name: str, label: str, head: dict[str, Any]) -> str:
    """The figure's label, with the scheme year for the LES figure ("LES 2024/25 ...")."""
    if name == "les_outstanding":
        return f"LES {head['les_year'] or ''} {label.lower()}"
    return label


def shown(value: object) -> str:
    """A count with thousands separators; a percentage to one place; "—" for none."""
    if value is None:
        return "—"
    return f"{value:.1f}%" if isinstance(value, float) else f"{value:,}"
