"""Coded values that match nothing are kept as written, reported once per value, never rejected.

The workbook's stages, statuses, request kinds and RAG ratings mix catalogue words, free
text the matcher reads, and text it cannot. Only the review type decides a row's fate.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlmodel import select

from sgtui.importers.mapping import Mapping
from sgtui.importers.pipeline import run_import
from sgtui.services import figures, reviews
from sgtui.services.context import Services
from sgtui.services.lists.base import Scope
from sgtui.services.lists.queries import page
from sgtui.store.models import Action, Meeting, Recommendation, Review, Submission

AS_OF = date(2025, 3, 10)


def workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Reviews"
    sheet.append(["Reference", "Review type", "Borough", "Current stage", "ICB request"])
    sheet.append(["LAM-SAR-2024-01", "SAR", "Lambeth", "Awaiting panel", "agency info"])
    sheet.append(["LAM-SAR-2024-02", "SAR", "Lambeth", "Awaiting tea", "tea + biscuits"])
    sheet.append(["LAM-SAR-2024-03", "SAR", "Lambeth", "awaiting tea", "IMRs"])
    sheet.append(["LAM-SAR-2024-04", "SAR", "Lambeth", "Awaiting tea", "Chron"])
    sheet.append(["LAM-SAR-2024-05", "Inquiry", "Lambeth", "Closed", ""])
    meetings = book.create_sheet("Meetings")
    meetings.append(["Meeting ID", "Date", "Meeting", "Status"])
    meetings.append(["M1", date(2025, 1, 6), "Network", "Took place"])
    meetings.append(["M2", date(2025, 2, 6), "Network", "Ask Jo"])
    actions = book.create_sheet("Actions")
    actions.append(["Action ref", "Meeting", "Action", "Due date", "Status"])
    actions.append(["A1", "M1", "Write to GPs", date(2025, 2, 1), "Completed - see minutes"])
    actions.append(["A2", "M1", "Audit", date(2025, 2, 1), "With Sam"])
    actions.append(["A3", "M1", "Train", date(2025, 2, 1), "with sam"])
    recs = book.create_sheet("Recommendations")
    recs.append(["Review ref", "Rec no.", "Recommendation", "RAG"])
    recs.append(["LAM-SAR-2024-01", "1", "Share learning", "Purple"])
    recs.append(["LAM-SAR-2024-01", "2", "Audit", "G"])
    book.save(path)
    return path


EXPECTED_UNMAPPED = [
    {
        "sheet": "Reviews",
        "column": "D",
        "header": "Current stage",
        "field": "stage",
        "values": {"Awaiting tea": 3},
    },
    {
        "sheet": "Reviews",
        "column": "E",
        "header": "ICB request",
        "field": "request_kind",
        "values": {"tea": 1, "biscuits": 1},
    },
    {
        "sheet": "Recommendations",
        "column": "D",
        "header": "RAG",
        "field": "rag",
        "values": {"Purple": 1},
    },
    {
        "sheet": "Actions",
        "column": "E",
        "header": "Status",
        "field": "status",
        "values": {"With Sam": 2},
    },
    {
        "sheet": "Meetings",
        "column": "D",
        "header": "Status",
        "field": "status",
        "values": {"Ask Jo": 1},
    },
]


def test_unmapped_values_are_kept_and_reported_with_counts(svc: Services, tmp_path: Path) -> None:
    report = run_import(svc, [workbook(tmp_path / "t.xlsx")], skip_invalid=True)
    assert report.committed
    # the one rejected row is the unknown review type; no coded value rejects a row
    assert [str(e) for e in report.errors] == [
        'Reviews!B6 (Review type) "Inquiry": unknown review type '
        "(use one of RR, CSPR, LCSPR, DHR, SAR, OWHR, OTHER)"
    ]
    assert sorted(
        (u.as_json() for u in report.unmapped), key=lambda u: (u["sheet"], u["column"])
    ) == sorted(EXPECTED_UNMAPPED, key=lambda u: (u["sheet"], u["column"]))
    assert report.as_json()["unmapped"] == [u.as_json() for u in report.unmapped]
    warned = sorted((w.sheet, w.row, w.column, w.value) for w in report.warnings)
    assert warned == [
        ("Actions", 3, "E", "With Sam"),
        ("Meetings", 3, "D", "Ask Jo"),
        ("Recommendations", 2, "D", "Purple"),
        ("Reviews", 3, "D", "Awaiting tea"),
        ("Reviews", 3, "E", "biscuits"),
        ("Reviews", 3, "E", "tea"),
    ]
    tea = next(w for w in report.warnings if w.value == "Awaiting tea")
    assert tea.message == (
        "matches no stage; kept as written (3 rows). Map it under [values.stage] in the mapping file"
    )
    with svc.session() as s:
        stages = {r.ref: (r.stage, r.stage_text) for r in s.exec(select(Review))}
        kinds = sorted(
            (r.ref, x.kind, x.kind_text)
            for x, r in s.execute(select(Submission, Review).join(Review))
        )
        meeting = {m.ref: (m.status, m.status_text) for m in s.exec(select(Meeting))}
        action = {a.ref: (a.status, a.status_text) for a in s.exec(select(Action))}
        rag = {r.number: (r.rag, r.rag_text) for r in s.exec(select(Recommendation))}
    assert stages == {
        "LAM-SAR-2024-01": ("panel", None),
        "LAM-SAR-2024-02": ("unmapped:awaiting tea", "Awaiting tea"),
        "LAM-SAR-2024-03": ("unmapped:awaiting tea", "awaiting tea"),
        "LAM-SAR-2024-04": ("unmapped:awaiting tea", "Awaiting tea"),
    }
    # two unmapped kinds on one review are two submissions, not a key collision
    assert kinds == [
        ("LAM-SAR-2024-01", "information", None),
        ("LAM-SAR-2024-02", "unmapped:biscuits", "biscuits"),
        ("LAM-SAR-2024-02", "unmapped:tea", "tea"),
        ("LAM-SAR-2024-03", "imr", None),
        ("LAM-SAR-2024-04", "chronology", None),
    ]
    assert meeting == {"M1": ("held", None), "M2": ("unmapped:ask jo", "Ask Jo")}
    assert action == {
        "A1": ("complete", None),
        "A2": ("unmapped:with sam", "With Sam"),
        "A3": ("unmapped:with sam", "with sam"),
    }
    assert rag == {"1": ("unmapped:purple", "Purple"), "2": ("green", None)}


def test_screens_and_figures_show_and_count_unmapped(svc: Services, tmp_path: Path) -> None:
    assert run_import(svc, [workbook(tmp_path / "t.xlsx")], skip_invalid=True).committed
    scope = Scope(as_of=AS_OF)
    with svc.session() as s:
        review_rows = {r.cells[0]: r.cells[3] for r in page(s, "reviews", scope=scope)}
        sub_kinds = sorted(r.cells[1] for r in page(s, "submissions", scope=scope))
        action_rows = {r.cells[0]: r.cells[4] for r in page(s, "actions", scope=scope)}
        # an unmapped stage is still an open review; an unmapped status an open action
        open_reviews = figures.count_open_reviews(s)
        overdue = figures.count_overdue_actions(s, AS_OF)
        scrt = {
            f.label: f.value
            for f in reviews.scrt_fields(s, reviews.get_review(s, "LAM-SAR-2024-02"))
        }
    assert review_rows["LAM-SAR-2024-02"] == "Awaiting tea (unmapped)"
    assert review_rows["LAM-SAR-2024-01"] == "Panel / practitioner events"
    assert "biscuits (unmapped)" in sub_kinds and "tea (unmapped)" in sub_kinds
    assert action_rows["A2"] == "! Overdue (With Sam (unmapped))"
    assert action_rows["A1"] == "complete"
    assert open_reviews == 4
    assert overdue == 2
    assert scrt["Stage reached"] == "Awaiting tea (unmapped)"


def test_value_map_maps_each_value_once(svc: Services, tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx")
    assert run_import(svc, [path], skip_invalid=True).committed
    mapping = Mapping(
        values={
            "stage": {"awaiting tea": "panel"},
            "request_kind": {"tea": "other", "biscuits": "Chronology"},
            "status": {"with sam": "in_progress", "ask jo": "held"},
            "rag": {"purple": "Blue"},
        }
    )
    dry = run_import(svc, [path], mapping=mapping, dry_run=True, skip_invalid=True)
    assert dry.unmapped == []
    assert not any("matches no" in w.message for w in dry.warnings)
    assert run_import(svc, [path], mapping=mapping, skip_invalid=True).committed
    with svc.session() as s:
        stages = {r.ref: (r.stage, r.stage_text) for r in s.exec(select(Review))}
        action = {a.ref: (a.status, a.status_text) for a in s.exec(select(Action))}
    assert stages["LAM-SAR-2024-02"] == ("panel", None)
    assert action["A2"] == ("in_progress", None)
