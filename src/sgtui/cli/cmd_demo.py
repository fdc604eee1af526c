"""`sgtui demo`: the app on a fresh throwaway database full of realistic demo data."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

NAME = "demo"
HELP = "open the app on a throwaway database of demo data (or save it with --save)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--save", metavar="FILE", type=Path, help="write the demo database to FILE")
    parser.add_argument(
        "--no-app", action="store_true", help="build the data but do not open the app"
    )


def demo_template(today_key: str) -> Path:
    """A cached, fully built demo database for today (built on first use: about 3 s)."""
    import hashlib
    from importlib import resources

    import platformdirs

    from sgtui import __version__, paths
    from sgtui.demo import load_demo
    from sgtui.services.workspace import open_workspace

    cache = paths.ensure_private_dir(platformdirs.user_cache_path("sgtui", appauthor=False))
    # Keyed by the generator's own code too, so an edited generator never serves stale data.
    # Read as a package resource: an installed wheel need not give a module a __file__.
    code = resources.files("sgtui").joinpath("demo.py").read_bytes()
    generator = hashlib.sha256(code).hexdigest()[:10]
    template = cache / f"demo-{__version__}-{today_key}-{generator}.db"
    if template.exists():
        return template
    building = template.with_suffix(".building")
    building.unlink(missing_ok=True)
    from sgtui.cli.common import console

    # Built once a day (its dates are placed around today), then copied for each run.
    with console().status("Building today's demo data: the database…") as status:
        svc = open_workspace(building)
        load_demo(svc, lambda stage: status.update(f"Building today's demo data: {stage}…"))
        svc.db.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    building.replace(template)
    for old in cache.glob("demo-*.db"):
        if old != template:
            old.unlink(missing_ok=True)
    return template


def run(args: argparse.Namespace) -> int:
    from sgtui.clock import Clock
    from sgtui.paths import restrict_to_owner

    clock = Clock()
    template = demo_template(clock.today().isoformat())
    if args.save:
        if args.save.exists():
            raise FileExistsError(f"{args.save} already exists; choose a new file")
        shutil.copyfile(template, args.save)
        restrict_to_owner(args.save)
        print(f"demo database written to {args.save}")
    if args.no_app:
        return 0
    with tempfile.TemporaryDirectory(prefix="sgtui-demo-") as folder:
        target = Path(folder) / "demo.db"
        shutil.copyfile(template, target)
        restrict_to_owner(target)
        from sgtui.tui.app import open_app, run_app

        run_app(open_app(target, clock=clock))
    return 0
