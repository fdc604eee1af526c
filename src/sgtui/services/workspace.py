"""Opening sgtui's database for use: migrate, then make sure the reference data is there."""

from __future__ import annotations

import os
from collections.abc import Callable

from sqlmodel import select

from sgtui.clock import Clock
from sgtui.services.context import Services
from sgtui.services.reference import seed_practices, seed_reference_data
from sgtui.store.backup import ensure_daily_backup
from sgtui.store.engine import open_database
from sgtui.store.models import Borough


def open_workspace(
    target: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    clock: Clock | None = None,
    actor: str | None = None,
    daily_backup: bool = True,
    practices: bool = True,
    report: Callable[[str], None] | None = None,
) -> Services:
    """Open the database and seed the catalogues on first use; return the services bundle.

    ``daily_backup=False`` leaves the first-open-of-the-day copy to the caller: the app
    takes it in a background thread once its first screen is up
    (:func:`sgtui.store.backup.start_daily_backup`).

    The ICB's GP practices from the shipped ODS list are added when missing (see
    :func:`seed_practices`); ``practices=False`` leaves them out, for a purpose-built
    small database such as a test's.

    ``report`` is told, in one sentence, why the day's copy could not be taken (a
    damaged database, a full disk); the database opens all the same.
    """
    db = open_database(target, create=create)
    svc = Services(db=db, clock=clock or Clock())
    if daily_backup:
        ensure_daily_backup(db, svc.clock, report)
    if actor:
        svc.actor = actor
    with svc.session() as session:
        if session.exec(select(Borough.id).limit(1)).first() is None:  # no reference data yet
            seed_reference_data(session, svc)
    if practices:
        _seed_practices(svc)
    return svc


def _seed_practices(svc: Services) -> None:
    """Add the listed practices the database lacks (another officer's sgtui opening the
    same new database at the same moment may add them first: that is fine)."""
    import sqlalchemy.exc

    try:
        with svc.session() as session:
            seed_practices(session, svc)
    except sqlalchemy.exc.IntegrityError:
        pass
