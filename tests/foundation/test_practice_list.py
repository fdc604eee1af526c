"""The ODS practice list: packaged, seeded into every new database, topped up in old ones."""

from __future__ import annotations

from sqlmodel import func, select

from sgtui.clock import FixedClock
from sgtui.services import records
from sgtui.services.context import Services
from sgtui.services.ods import ODS_SOURCE, is_ods_source, ods_title, shipped_practices
from sgtui.services.practices import get_practice, save_practice
from sgtui.services.reference import seed_practices
from sgtui.services.workspace import open_workspace
from sgtui.store.models import AuditEntry, Borough, Practice

BOROUGH_COUNTS = {
    "Lambeth": 45,
    "Bromley": 43,
    "Southwark": 32,
    "Greenwich": 29,
    "Lewisham": 27,
    "Bexley": 21,
}


def _borough_counts(svc: Services) -> dict[str, int]:
    with svc.session() as s:
        rows = s.exec(
            select(Borough.name, func.count())
            .join(Practice, Practice.borough_id == Borough.id)  # type: ignore[arg-type]
            .group_by(Borough.name)
        ).all()
    return dict(rows)


def test_the_list_ships_inside_the_package() -> None:
    listed = shipped_practices()
    assert len(listed) == 197 == len({p.ods_code for p in listed})
    assert sum(BOROUGH_COUNTS.values()) == 197


def test_a_new_database_knows_all_197_practices_with_borough(
    db_url: str, clock: FixedClock
) -> None:
    svc = open_workspace(db_url, clock=clock, daily_backup=False)
    try:
        with svc.session() as s:
            assert s.exec(select(func.count()).select_from(Practice)).one() == 197
            g85001 = get_practice(s, "G85001")
            assert (g85001.name, g85001.postcode) == ("Forest Hill Group Practice", "SE22 0SQ")
            assert g85001.active and is_ods_source(g85001.source)
        assert _borough_counts(svc) == BOROUGH_COUNTS
    finally:
        svc.db.dispose()


def test_an_existing_database_gets_only_the_missing_ones(svc: Services) -> None:
    with svc.session() as s:
        assert seed_practices(s, svc) == 197
        lam = s.exec(select(Borough).where(Borough.code == "LAM")).one()
        # The officer renames one, deletes another; two more were never there.
        save_practice(s, svc, {"ods_code": "G85001", "name": "Our Name", "borough_id": lam.id})
        records.delete(s, svc, Practice, get_practice(s, "G85002").id)  # type: ignore[arg-type]
        for code in ("G83004", "G83009"):
            s.delete(get_practice(s, code))
    with svc.session() as s:
        audits = s.exec(select(func.count()).select_from(AuditEntry)).one()
        assert seed_practices(s, svc) == 2
        assert seed_practices(s, svc) == 0
        assert s.exec(select(func.count()).select_from(Practice)).one() == 196
        kept = get_practice(s, "G85001")
        assert (kept.name, kept.borough_id) == ("Our Name", lam.id)
        assert get_practice(s, "G83004").source == ODS_SOURCE
        assert s.exec(select(func.count()).select_from(AuditEntry)).one() == audits + 2


def test_ods_title_reads_as_people_write_names() -> None:
    assert ods_title("ST JAMES' PRACTICE") == "St James' Practice"
    assert ods_title("GRAY'S INN MEDICAL GROUP") == "Gray's Inn Medical Group"
    assert ods_title("PLUMSTEAD H/C PMS") == "Plumstead H/C PMS"
    assert ods_title("LARC CLINIC (LA)") == "Larc Clinic (LA)"
    assert ods_title("DR CURRAN & PARTNERS") == "Dr Curran & Partners"
    assert ods_title("NEW ELTHAM AND BLACKFEN MC, SE9 2NE") == "New Eltham and Blackfen MC, SE9 2NE"
