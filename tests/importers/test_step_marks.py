"""One rule for every dated step: a date, a yes-mark, or no/blank, on every kind of sheet.

Each sheet below has a column for every step field of its kind (named by the field's own
label) and four rows: a date, "Y", "✓" and a blank. The stored (date, undated) pairs and
the statuses derived from them are worked out by hand: a date is done on that date, a
mark is done with no date, a blank is not done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlmodel import select

from sgtui.exporters import lists
from sgtui.importers.cells import read_step
from sgtui.importers.fields import KINDS
from sgtui.importers.pipeline import run_import
from sgtui.services import figures, reports
from sgtui.services.context import Services
from sgtui.services.lists.base import Scope
from sgtui.services.lists.practices import _les_chase_base  # the Outstanding list's query
from sgtui.store.models import Action, LesReturn, Meeting, Recommendation, Review, Submission

D = date(2025, 1, 6)
MARKS = [D, "Y", "✓", ""]
PAIRS = [(D, False), (None, True), (None, True), (None, False)]
"""What each of MARKS is stored as: (date, done with no date recorded)."""
ODS = ["G85001", "G85002", "G85003", "G85004"]


def _steps(kind: str) -> list[str]:
    """The labels of a kind's step columns, from the import's own field list."""
    return [f.label for f in KINDS[kind].fields if f.kind == "step"]


def workbook(path: Path, marks: list[Any] = MARKS) -> Path:
    """Every step column of every kind, one row per mark (``marks`` in place of MARKS)."""
    MARKS = marks  # noqa: N806 - the rows below use the module's name for the marks
    book = Workbook()
    sheet = book.active
    sheet.title = "Practices"
    sheet.append(["ODS code", "Practice name", "Borough"])
    for n, ods in enumerate(ODS):
        sheet.append([ods, f"Practice {n}", "Lambeth"])
    meetings = book.create_sheet("Meetings")
    meetings.append(["Meeting ID", "Date", "Meeting", *_steps("meetings")])
    for n, mark in enumerate(MARKS):
        meetings.append([f"M{n}", date(2025, 1, 2), "Network", mark])
    actions = book.create_sheet("Actions")
    actions.append(["Action ref", "Meeting", "Action", "Due date", *_steps("actions")])
    for n, mark in enumerate(MARKS):
        actions.append([f"A{n}", "M0", "Do it", date(2025, 2, 1), mark])
    reviews = book.create_sheet("Reviews")
    reviews.append(["Reference", "Review type", "Borough", "ICB request", *_steps("reviews")])
    for n, mark in enumerate(MARKS):
        steps = [mark] * len(_steps("reviews"))
        reviews.append([f"LAM-SAR-2024-0{n}", "SAR", "Lambeth", "IMR", *steps])
    recs = book.create_sheet("Recommendations")
    recs.append(["Review ref", "Rec no.", "Recommendation", *_steps("recommendations")])
    for n, mark in enumerate(MARKS):
        recs.append(["LAM-SAR-2024-00", str(n + 1), "Train staff", mark])
    returns = book.create_sheet("LES 2024-25")
    returns.append(["ODS code", *_steps("les")])
    for ods, mark in zip(ODS, MARKS, strict=True):
        returns.append([ods, *[mark] * len(_steps("les"))])
    book.save(path)
    return path


def _pairs(rows: list[Any], column: str) -> list[tuple[date | None, bool]]:
    flag = column.removesuffix("_on") + "_undated"
    return [(getattr(r, column), bool(getattr(r, flag))) for r in rows]


def test_every_step_field_reads_date_mark_and_blank_alike(svc: Services, tmp_path: Path) -> None:
    report = run_import(svc, [workbook(tmp_path / "steps.xlsx")])
    assert report.committed, [str(e) for e in report.errors]
    assert [(s.sheet, s.inserted) for s in report.sheets] == [
        ("Practices", 4),
        ("Meetings", 4),
        ("Actions", 4),
        ("Reviews", 4),
        ("Recommendations", 4),
        ("LES 2024-25", 4),
    ]
    with svc.session() as s:
        meetings = list(s.exec(select(Meeting).order_by(Meeting.ref)))
        actions = list(s.exec(select(Action).order_by(Action.ref)))
        reviews = list(s.exec(select(Review).order_by(Review.ref)))
        subs = list(s.exec(select(Submission).order_by(Submission.review_id)))
        recs = list(s.exec(select(Recommendation).order_by(Recommendation.number)))
        returns = list(s.exec(select(LesReturn).order_by(LesReturn.practice_id)))
        assert _pairs(meetings, "minutes_circulated_on") == PAIRS
        assert [m.minutes_status for m in meetings] == ["circulated"] * 3 + ["none"]
        assert _pairs(actions, "completed_on") == PAIRS
        assert [a.status for a in actions] == ["complete"] * 3 + ["open"]
        for column in ("scrt_entered_on", "published_on"):
            assert _pairs(reviews, column) == PAIRS, column
        assert [r.stage for r in reviews] == ["published"] * 3 + ["notified"]
        assert _pairs(subs, "submitted_on") == PAIRS
        assert [x.status for x in subs] == ["submitted"] * 3 + ["requested"]
        assert _pairs(recs, "completed_on") == PAIRS
        assert [r.status for r in recs] == ["complete"] * 3 + ["open"]
        les_columns = [
            "contract_sent_on",
            "contract_signed_on",
            "return_requested_on",
            "return_received_on",
            "validated_on",
            "named_gp_reviewed_on",
            "payment_authorised_on",
        ]
        for column in les_columns:
            assert _pairs(returns, column) == PAIRS, column
        assert [r.status for r in returns] == ["payment_authorised"] * 3 + ["not_sent"]
    again = run_import(svc, [tmp_path / "steps.xlsx"])
    assert again.committed and sum(s.updated for s in again.sheets) == 0


def test_a_blank_step_cell_leaves_a_stored_step_alone(svc: Services, tmp_path: Path) -> None:
    """An import never erases: a later workbook whose step cells are all blank keeps every
    date and every "done, date not recorded" flag the first one stored."""
    assert run_import(svc, [workbook(tmp_path / "steps.xlsx")]).committed
    blank = run_import(svc, [workbook(tmp_path / "blank.xlsx", ["", "", "", ""])])
    assert blank.committed and blank.changes == []
    with svc.session() as s:
        reviews = list(s.exec(select(Review).order_by(Review.ref)))
        returns = list(s.exec(select(LesReturn).order_by(LesReturn.practice_id)))
        meetings = list(s.exec(select(Meeting).order_by(Meeting.ref)))
    assert _pairs(reviews, "scrt_entered_on") == PAIRS
    assert _pairs(returns, "named_gp_reviewed_on") == PAIRS
    assert _pairs(returns, "contract_signed_on") == PAIRS
    assert _pairs(meetings, "minutes_circulated_on") == PAIRS


def test_les_status_and_chase_list_follow_marks(svc: Services, tmp_path: Path) -> None:
    """Contract sent "Y" and nothing received: outstanding and on the chase list.

    Received "✓": the status moves to return received and it leaves both.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "Practices"
    sheet.append(["ODS code", "Practice name", "Borough"])
    sheet.append(["G85001", "One", "Lambeth"])
    sheet.append(["G85002", "Two", "Lambeth"])
    les = book.create_sheet("LES 2024-25")
    les.append(["ODS code", "Contract sent", "Contract returned", "Return received"])
    les.append(["G85001", "Y", "x", ""])
    les.append(["G85002", "Sent", "N", "✓"])
    book.save(tmp_path / "les.xlsx")
    assert run_import(svc, [tmp_path / "les.xlsx"]).committed
    with svc.session() as s:
        returns = list(s.exec(select(LesReturn).order_by(LesReturn.practice_id)))
        assert [r.status for r in returns] == ["contract_signed", "return_received"]
        scheme_id = returns[0].scheme_id
        assert figures.count_les_outstanding(s, scheme_id) == 1
        chase = list(s.execute(_les_chase_base(Scope(as_of=date(2025, 3, 10)))))
        assert [r.ods_code for r in chase] == ["G85001"]


def test_exports_write_y_for_undated_steps(svc: Services, tmp_path: Path) -> None:
    assert run_import(svc, [workbook(tmp_path / "steps.xlsx")]).committed
    created = datetime(2025, 3, 10, tzinfo=UTC)
    with svc.session() as s:
        review_out = lists.write_list(
            "reviews",
            lists.review_rows(reports.review_rows(s, reports.Filters())),
            tmp_path / "reviews.xlsx",
            title="Reviews",
            author="T",
            created=created,
        )
        action_lines = reports.action_lines(s, date(2025, 3, 10), reports.Filters())
        action_out = lists.write_list(
            "actions",
            lists.action_rows(action_lines),
            tmp_path / "actions.xlsx",
            title="Actions",
            author="T",
            created=created,
        )
    table = [list(r) for r in load_workbook(review_out).worksheets[0].iter_rows(values_only=True)]
    ref = table[0].index("Local reference number")
    picked = {
        row[ref]: (row[table[0].index("Publication date")], row[table[0].index("Entered on S-CRT")])
        for row in table[1:]
    }
    day = datetime(2025, 1, 6)
    assert picked == {
        "LAM-SAR-2024-00": (day, day),
        "LAM-SAR-2024-01": ("Y", "Y"),
        "LAM-SAR-2024-02": ("Y", "Y"),
        "LAM-SAR-2024-03": (None, None),
    }
    actions = [list(r) for r in load_workbook(action_out).worksheets[0].iter_rows(values_only=True)]
    done = actions[0].index("Completed on")
    assert {row[0]: row[done] for row in actions[1:]} == {
        "A0": day,
        "A1": "Y",
        "A2": "Y",
        "A3": None,
    }
    back = run_import(svc, [review_out])
    assert back.committed
    assert [(x.updated, x.unchanged) for x in back.sheets if x.kind] == [(0, 4)]


def test_read_step_spellings() -> None:
    """Marks people type, each with the exact (date, done) it means."""
    cases = {
        "Yes": (None, True),
        "y": (None, True),
        "X": (None, True),
        "✔": (None, True),
        "Done": (None, True),
        "Received": (None, True),
        "Signed": (None, True),
        "No": (None, False),
        "n": (None, False),
        "N/A": (None, None),
        "TBC": (None, None),
        "Awaiting": (None, False),
        "  ": (None, None),
        "06/01/2025": (D, True),
        "6.1.25": (D, True),
        "Sent 06/01/25": (D, True),
        "2025-01-06": (D, True),
    }
    assert {text: read_step(text) for text in cases} == cases
    assert read_step(datetime(2025, 1, 6, 9, 30)) == (D, True)
    assert read_step(True) == (None, True)
    assert read_step(None) == (None, None)


def test_les_return_report_counts_and_exports_marks(svc: Services, tmp_path: Path) -> None:
    """The Named GP's return: a "Y" contract is sent and signed, and exported as "Y"."""
    assert run_import(svc, [workbook(tmp_path / "steps.xlsx")]).committed
    with svc.session() as s:
        report = reports.les_return_report(s, "2024/25", date(2025, 3, 10))
    by_ods = {p.ods_code: p for p in report.practices}
    assert [by_ods[o].contract_status for o in ODS] == ["Signed", "Signed", "Signed", "Not sent"]
    assert [by_ods[o].contract_sent_on for o in ODS] == [D, "Y", "Y", None]
    assert [by_ods[o].received_on for o in ODS] == [D, "Y", "Y", None]
    assert (report.contracts_sent, report.contracts_signed, report.received) == (3, 3, 3)
