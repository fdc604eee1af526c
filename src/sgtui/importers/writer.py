"""The write step: every table upserted in one transaction, parents before children.

Each table goes through :func:`sgtui.services.bulk.upsert_many`, which returns the id of
every row by natural key, so children (submissions, actions, LES answers, training
records) are keyed by their parents' ids. Each sheet row then reports the outcome of its
main record, or "updated" when only something it carries (a submission, a theme, an
answer) changed.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sgtui.services.bulk import BulkResult, upsert_many
from sgtui.services.records import Outcome
from sgtui.store.models import (
    Action,
    LesAnswer,
    LesCriterion,
    LesReturn,
    LesScheme,
    Meeting,
    Person,
    Practice,
    Recommendation,
    Review,
    ReviewTheme,
    Submission,
    TrainingRecord,
)

if TYPE_CHECKING:
    from sgtui.importers.pipeline import ImportRun, SheetWork, StagedRow


class _RollBack(Exception):
    """Raised inside the transaction to undo a dry run's writes."""


def write_all(run: ImportRun, *, dry_run: bool, skip_invalid: bool, backup: bool) -> None:
    """Write (or, for a dry run, write and roll back) every staged row."""
    report = run.report
    commit = not dry_run and (skip_invalid or not report.errors)
    if not dry_run and not commit:
        return
    if commit and backup and run.svc.db.sqlite_path is not None:
        from sgtui.store.backup import backup_sqlite

        report.backup = str(backup_sqlite(run.svc.db, reason="pre-import"))
    results: dict[str, BulkResult] = {}
    try:
        with run.svc.session() as session:
            writer = _Writer(session.connection(), run, results)
            writer.write_everything()
            if not commit:
                raise _RollBack
    except _RollBack:
        pass
    _count_outcomes(run, results)
    report.committed = commit
    if commit and skip_invalid:
        from sgtui.importers.rejects import save_rejects

        report.rejects_files = save_rejects(run.work)


class _Writer:
    """Writes the staged rows table by table on one connection."""

    def __init__(self, conn: Any, run: ImportRun, results: dict[str, BulkResult]) -> None:
        self.conn = conn
        self.run = run
        self.results = results
        self.at = run.svc.clock.now()
        self.by_kind: dict[str, list[StagedRow]] = defaultdict(list)
        for work in run.work:
            self.by_kind[work.report.kind or ""].extend(work.staged)

    def upsert(self, model: Any, keys: tuple[str, ...], rows: list[dict[str, Any]]) -> BulkResult:
        """Upsert rows, grouped by the columns they carry (sheets may lack some columns)."""
        groups: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            groups[frozenset(row)].append(row)
        table = model.__tablename__
        merged = self.results.setdefault(table, BulkResult())
        for group in groups.values():
            result = upsert_many(
                self.conn, model, keys, group, actor=self.run.svc.actor, at=self.at
            )
            merged.ids.update(result.ids)
            merged.outcomes.update(result.outcomes)
        if not groups:
            result = upsert_many(self.conn, model, keys, [], actor=self.run.svc.actor, at=self.at)
            merged.ids.update(result.ids)
        return merged

    def write_everything(self) -> None:
        practices = self.practices()
        self.done("practices")
        meetings = self.simple(Meeting, "meetings", "ref")
        self.done("meetings")
        reviews = self.reviews()
        self.done("reviews")
        self.recommendations(reviews)
        self.done("recommendations")
        self.actions(meetings)
        self.done("actions")
        self.les(practices)
        self.done("les")
        self.training(practices)
        self.run.tick(self.run.total - self.run.done)  # rounding never leaves the bar short

    def done(self, kind: str) -> None:
        """Move the progress bar on by the rows of one kind, now written."""
        self.run.tick(round(len(self.by_kind.get(kind, [])) * self.run.write_scale))

    def rows_of(self, kind: str, drop: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        rows = []
        for staged in self.by_kind.get(kind, []):
            row = {k: v for k, v in staged.record.items() if k not in drop}
            row["source"] = staged.source
            rows.append(row)
        return rows

    def practices(self) -> BulkResult:
        for staged in self.by_kind.get("practices", []):
            staged.keys.append(("practice", (staged.record["ods_code"],)))
        return self.upsert(Practice, ("ods_code",), self.rows_of("practices"))

    def simple(self, model: Any, kind: str, key: str) -> BulkResult:
        for staged in self.by_kind.get(kind, []):
            staged.keys.append((model.__tablename__, (staged.record[key],)))
        return self.upsert(model, (key,), self.rows_of(kind))

    def reviews(self) -> BulkResult:
        for staged in self.by_kind.get("reviews", []):
            staged.keys.append(("review", (staged.record["ref"],)))
        reviews = self.upsert(Review, ("ref",), self.rows_of("reviews", ("submissions", "themes")))
        submissions, themes = [], []
        for staged in self.by_kind.get("reviews", []):
            review_id = reviews.ids[(staged.record["ref"],)]
            for sub in staged.record.get("submissions", []):
                submissions.append({"review_id": review_id, **sub, "source": staged.source})
                staged.keys.append(("submission", (review_id, sub["kind"], sub["agency"])))
            for theme in staged.record.get("themes", []):
                themes.append({"review_id": review_id, "theme": theme, "source": staged.source})
                staged.keys.append(("reviewtheme", (review_id, theme)))
        self.upsert(Submission, ("review_id", "kind", "agency"), submissions)
        self.upsert(ReviewTheme, ("review_id", "theme"), themes)
        return reviews

    def recommendations(self, reviews: BulkResult) -> None:
        rows = []
        for staged in self.by_kind.get("recommendations", []):
            record = dict(staged.record)
            review_id = reviews.ids[(record.pop("review_ref"),)]
            rows.append({"review_id": review_id, **record, "source": staged.source})
            staged.keys.append(("recommendation", (review_id, record["number"])))
        self.upsert(Recommendation, ("review_id", "number"), rows)

    def actions(self, meetings: BulkResult) -> None:
        rows = []
        for staged in self.by_kind.get("actions", []):
            record = dict(staged.record)
            record.pop("meeting", None)
            ref = record.pop("meeting_ref", None)
            record["meeting_id"] = meetings.ids[(ref,)] if ref else None
            rows.append({**record, "source": staged.source})
            staged.keys.append(("action", (record["ref"],)))
        self.upsert(Action, ("ref",), rows)

    def les(self, practices: BulkResult) -> None:
        works = [w for w in self.run.work if w.report.kind == "les" and w.scheme_year]
        for work in works:
            self.les_sheet(work, practices)

    def les_sheet(self, work: SheetWork, practices: BulkResult) -> None:
        from sgtui.services.les import derive_status

        source = f"{work.path.name}!{work.source.name}:{work.report.header_row}"
        scheme = self.upsert(LesScheme, ("year",), [{"year": work.scheme_year, "source": source}])
        scheme_id = scheme.ids[(work.scheme_year,)]
        criteria = _criteria(work, scheme_id, source)
        crit = self.upsert(LesCriterion, ("scheme_id", "code"), list(criteria.values()))
        returns, answers = [], []
        for staged in work.staged:
            record = staged.record
            practice_id = practices.ids[(record["ods_code"],)]
            row = {
                k: v for k, v in record.items() if k not in ("ods_code", "practice_name", "answers")
            }
            row.update(scheme_id=scheme_id, practice_id=practice_id, source=staged.source)
            row["status"] = derive_status(SimpleNamespace(**row))  # type: ignore[arg-type]
            returns.append(row)
            staged.keys.append(("lesreturn", (scheme_id, practice_id)))
        result = self.upsert(LesReturn, ("scheme_id", "practice_id"), returns)
        for staged in work.staged:
            return_id = result.ids[(scheme_id, practices.ids[(staged.record["ods_code"],)])]
            for header, value in staged.record["answers"].items():
                criterion_id = crit.ids[(scheme_id, criteria[header]["code"])]
                answers.append(
                    {
                        "return_id": return_id,
                        "criterion_id": criterion_id,
                        "value": value,
                        "source": staged.source,
                    }
                )
                staged.keys.append(("lesanswer", (return_id, criterion_id)))
        self.upsert(LesAnswer, ("return_id", "criterion_id"), answers)

    def training(self, practices: BulkResult) -> None:
        staged_rows = self.by_kind.get("training", [])
        people: dict[str, dict[str, Any]] = {}
        for staged in staged_rows:
            person = staged.record["person"]  # resolved by importers.people_links
            if person["key"] in people:
                continue  # the first row to name a person supplies their values
            row = {k: v for k, v in person.items() if k != "ods_code"}
            if "ods_code" in person:
                ods = person["ods_code"]
                row["practice_id"] = practices.ids.get((ods,)) if ods else None
            row["source"] = staged.source
            people[person["key"]] = row
        persons = self.upsert(Person, ("key",), list(people.values()))
        drop = {"name", "role", "organisation", "email", "ods_code", "person"}
        rows = []
        for staged in staged_rows:
            row = {k: v for k, v in staged.record.items() if k not in drop}
            row["person_id"] = persons.ids[(staged.record["person"]["key"],)]
            row["source"] = staged.source
            rows.append(row)
            staged.keys.append(
                ("trainingrecord", (row["person_id"], row["course_id"], row["completed_on"]))
            )
            staged.record = {}  # 100,000-row logs: keep one copy of each row, not two
        self.upsert(TrainingRecord, ("person_id", "course_id", "completed_on"), rows)


def _criteria(work: SheetWork, scheme_id: int, source: str) -> dict[str, dict[str, Any]]:
    """Header -> criterion row: code from the header ("C3 ...") or its position; type from answers."""
    from sgtui.importers.criteria import criterion_rows

    return criterion_rows(work, scheme_id, source)


def _count_outcomes(run: ImportRun, results: dict[str, BulkResult]) -> None:
    """Each row's outcome: its main record's, or "updated" if anything it carries changed."""
    for work in run.work:
        for staged in work.staged:
            if len(staged.keys) == 1:  # most rows carry one record: the common case first
                table, key = staged.keys[0]
                main = results[table].outcomes.get(key) if table in results else None
                if main is Outcome.INSERTED:
                    work.report.inserted += 1
                elif main is Outcome.UPDATED:
                    work.report.updated += 1
                else:
                    work.report.unchanged += 1
                continue
            outcomes = [results[t].outcomes.get(k) for t, k in staged.keys if t in results]
            main = outcomes[0] if outcomes else Outcome.UNCHANGED
            if main is Outcome.INSERTED:
                work.report.inserted += 1
            elif main is Outcome.UPDATED or any(
                o in (Outcome.INSERTED, Outcome.UPDATED) for o in outcomes
            ):
                work.report.updated += 1
            else:
                work.report.unchanged += 1
