"""The write step: every table upserted in one transaction, parents before children.

Each table goes through :func:`sgtui.services.bulk.upsert_many`, which returns the id of
every row by natural key, so children (submissions, actions, LES answers, training
records) are keyed by their parents' ids. Each sheet row then reports the outcome of its
main record, or "updated" when only something it carries (a submission, a theme, an
answer) changed.

An import never erases (blank cells leave stored values alone; see
:mod:`sgtui.services.bulk`) and leaves master data (:data:`PROTECTED`) as it is unless
the officer accepts the changes. Every difference, written or held back, goes into the
report as a :class:`~sgtui.importers.report.Change`; the import as a whole gets one audit
entry (:func:`sgtui.services.imports.record_import`).

The transaction takes the import lock before its first read
(:mod:`sgtui.importers.write_lock`), and a record a colleague saved after the import read
it is left as they saved it and reported as a
:class:`~sgtui.importers.report.Conflict` (see :mod:`sgtui.services.bulk`). A dry run
keeps the versions it read (:attr:`~sgtui.importers.report.ImportReport.read_versions`)
and a commit given them checks those instead: "after the import read it" then means
after the officer's dry run.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import sqlalchemy.exc

from sgtui.importers.changes import describe_changes, describe_conflicts
from sgtui.importers.write_lock import BUSY_SQLITE, ImportBusy, lock_for_import
from sgtui.services import audit
from sgtui.services.bulk import (
    CLEAR_STORED,
    KEEP_STORED,
    BulkResult,
    DeletedSinceRead,
    StaleRead,
    upsert_many,
)
from sgtui.services.imports import IMPORT, record_import
from sgtui.services.records import Outcome
from sgtui.store.errors import DatabaseBusy
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
    from sgtui.importers.staging import ImportRun, SheetWork, StagedRow


PROTECTED: dict[str, frozenset[str]] = {
    "practice": frozenset({"name", "borough_id"}),
    "person": frozenset({"organisation", "practice_id"}),
}
"""Master data: a stored value here is overwritten only when the officer accepts."""


class _RollBack(Exception):
    """Raised inside the transaction to undo a dry run's writes."""


def write_all(
    run: ImportRun,
    *,
    dry_run: bool,
    skip_invalid: bool,
    backup: bool,
    accept_changes: bool = False,
) -> None:
    """Write (or, for a dry run, write and roll back) every staged row.

    ``accept_changes`` writes the master-data changes too (otherwise they are held back
    and listed as such).
    """
    report = run.report
    commit = not dry_run and (skip_invalid or not report.errors)
    if not dry_run and not commit:
        return
    _release_sheets(run)
    if commit and backup and run.svc.db.sqlite_path is not None:
        from sgtui.store.backup import backup_sqlite

        report.backup = str(backup_sqlite(run.svc.db, reason="pre-import", now=run.svc.clock.now()))
    if commit and skip_invalid and not _saved_rejects(run):
        return
    try:
        number = _write_in_one_transaction(run, commit=commit, accept_changes=accept_changes)
    except (ImportBusy, DatabaseBusy, StaleRead, sqlalchemy.exc.IntegrityError) as exc:
        _discard_rejects(run)
        report.fatal = _busy_text(exc)
        report.busy = True
        return
    except BaseException:
        _discard_rejects(run)
        raise
    report.committed = commit
    if commit:
        report.import_number = number


def _saved_rejects(run: ImportRun) -> bool:
    """Write the rejects workbooks before anything is committed: rows left out of an
    import must be kept somewhere. False (with the reason as the report's fatal error)
    when they cannot be written, and then nothing is imported."""
    from sgtui.importers.rejects import RejectsNotSaved, save_rejects

    try:
        run.report.rejects_files = save_rejects(run.work)
    except RejectsNotSaved as exc:
        run.report.fatal = str(exc)
        return False
    return True


def _discard_rejects(run: ImportRun) -> None:
    """Nothing was imported, so no rows were left out: the rejects just written go."""
    from sgtui.importers.rejects import discard_rejects

    discard_rejects(run.report.rejects_files)
    run.report.rejects_files = []


STALE = "records changed while the import was writing: nothing was written; import again"
DELETED_SINCE_DRY_RUN = (
    "a colleague deleted a record the dry run listed since it ran: "
    "nothing was written; run the dry run again"
)
ADDED_MEANWHILE = (
    "a colleague added or removed a record this import writes while it ran: "
    "nothing was written; import again"
)


def _busy_text(exc: Exception) -> str:
    """The one line for an import that could not write (never a row's contents: an
    IntegrityError's text would quote the values, so it is not shown)."""
    if isinstance(exc, ImportBusy):
        return str(exc)
    if isinstance(exc, DatabaseBusy):
        return BUSY_SQLITE
    if isinstance(exc, sqlalchemy.exc.IntegrityError):
        return ADDED_MEANWHILE
    if isinstance(exc, DeletedSinceRead):
        return DELETED_SINCE_DRY_RUN
    return STALE


def _write_in_one_transaction(run: ImportRun, *, commit: bool, accept_changes: bool) -> int | None:
    """Lock, read, write and audit in one transaction (rolled back unless ``commit``);
    the import's number, if it changed anything."""
    report = run.report
    results: dict[str, BulkResult] = {}
    number: int | None = None
    try:
        with run.svc.session() as session:
            lock_for_import(session.connection())
            writer = _Writer(session.connection(), run, results, accept_changes)
            writer.write_everything()
            _count_outcomes(run, results)
            report.changes.extend(describe_changes(session.connection(), results))
            report.conflicts.extend(describe_conflicts(session.connection(), results))
            if any(r.inserted or r.changes for r in results.values()):
                number = record_import(
                    session.connection(),
                    actor=run.svc.actor,
                    at=writer.at,
                    files=sorted({sheet.file for sheet in report.sheets}),
                    sheets=[sheet.as_json() for sheet in report.sheets if sheet.kind],
                    counts=report.totals(),
                    results=results,
                )
                changed = {t: r for t, r in results.items() if r.inserted or r.changes}
                audit_ids = [i for r in results.values() for i in r.audit_ids]
                audit.note_kinds(session, [*changed, IMPORT], [*audit_ids, number])
            if not commit:
                report.read_versions = _read_versions(results)
                raise _RollBack
    except _RollBack:
        pass
    return number


def _read_versions(results: dict[str, BulkResult]) -> dict[str, dict[int, int]]:
    """Table -> id -> version read, of the stored records a dry run found different.

    Rows the dry run itself inserted are left out: its rollback frees their ids, which a
    colleague's new record may take before the commit.
    """
    found = {}
    for table, result in results.items():
        if not result.read_versions:
            continue
        inserted = set(result.inserted)
        kept = {i: v for i, v in result.read_versions.items() if i not in inserted}
        if kept:
            found[table] = kept
    return found


def _no_rows() -> list[Any]:
    return []


def _release_sheets(run: ImportRun) -> None:
    """Every row has been read: let the reader's copy of each sheet go before writing
    (a 100,000-row sheet holds tens of MB, and writing is when memory peaks)."""
    for work in run.work:
        work.source.rows_factory = _no_rows


class _Writer:
    """Writes the staged rows table by table on one connection."""

    def __init__(
        self, conn: Any, run: ImportRun, results: dict[str, BulkResult], accept_changes: bool
    ) -> None:
        self.conn = conn
        self.run = run
        self.results = results
        self.accept_changes = accept_changes
        self.at = run.svc.clock.now()
        self.by_kind: dict[str, list[StagedRow]] = defaultdict(list)
        for work in run.work:
            self.by_kind[work.report.kind or ""].extend(work.staged)

    def upsert(self, model: Any, keys: tuple[str, ...], rows: list[dict[str, Any]]) -> BulkResult:
        """Upsert rows, grouped by the columns they carry (sheets may lack some columns)."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:  # rows built alike list their columns alike: a tuple is enough
            groups[tuple(row)].append(row)
        table = model.__tablename__
        merged = self.results.setdefault(table, BulkResult())
        protected = frozenset() if self.accept_changes else PROTECTED.get(table, frozenset())
        for group in [*groups.values()] or [[]]:
            merged.merge(
                upsert_many(
                    self.conn,
                    model,
                    keys,
                    group,
                    actor=self.run.svc.actor,
                    at=self.at,
                    protected=protected,
                    read_versions=self.run.read_versions.get(table),
                )
            )
        return merged

    def write_everything(self) -> None:
        practices = self.practices()
        self.done("practices")
        meetings = self.simple(Meeting, "meetings", "ref")
        self.done("meetings")
        self.follow_review_aliases()
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

    def follow_review_aliases(self) -> None:
        """A converted review's old reference (last year's workbook still has it) is that review.

        Its row then updates the review as it now is, keeping the converted type: the
        workbook's "RR" predates the decision, so it must not turn a CSPR back.
        """
        import sqlalchemy as sa
        from sqlmodel import col

        from sgtui.store.models import ReviewAlias

        stmt = sa.select(col(ReviewAlias.ref), col(Review.ref)).join(
            Review, col(Review.id) == ReviewAlias.review_id
        )
        current = {old: new for old, new in self.conn.execute(stmt)}
        if not current:
            return
        for staged in self.by_kind.get("reviews", []):
            if staged.record["ref"] in current:
                staged.record["ref"] = current[staged.record["ref"]]
                staged.record.pop("review_type", None)
                staged.record.pop("commissioning_body", None)
        for staged in self.by_kind.get("recommendations", []):
            ref = staged.record.get("review_ref")
            staged.record["review_ref"] = current.get(ref, ref)

    def reviews(self) -> BulkResult:
        for staged in self.by_kind.get("reviews", []):
            staged.keys.append(("review", (staged.record["ref"],)))
        reviews = self.upsert(Review, ("ref",), self.rows_of("reviews", ("submissions", "themes")))
        submissions, themes = [], []
        for staged in self.by_kind.get("reviews", []):
            review_id = reviews.ids[(staged.record["ref"],)]
            for sub in staged.record.get("submissions", []):
                # A blank "date submitted" cell leaves the stored step and status alone:
                blank = "submitted_undated" in staged.record.get(KEEP_STORED, ())
                keep = _KEEP_BLANK_SUBMISSION if blank else _KEEP_NOTHING
                row = {"review_id": review_id, **sub, "source": staged.source, KEEP_STORED: keep}
                submissions.append(row)
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
        stored = _stored_returns(self.conn, scheme_id)
        for staged in work.staged:
            record = staged.record
            practice_id = practices.ids[(record["ods_code"],)]
            row = {
                k: v for k, v in record.items() if k not in ("ods_code", "practice_name", "answers")
            }
            row.update(scheme_id=scheme_id, practice_id=practice_id, source=staged.source)
            # The status follows every step, so it is worked out from the steps as they will
            # be stored: a blank cell keeps the stored step, so it counts here too.
            steps = {**row, **_kept(stored.get(practice_id), row)}
            row["status"] = derive_status(SimpleNamespace(**steps))  # type: ignore[arg-type]
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
        drop = ("name", "role", "organisation", "email", "ods_code")
        rows: list[dict[str, Any]] = []
        person_ids, add = persons.ids, rows.append  # 100,000 rows: names looked up once
        for staged in staged_rows:
            # The record becomes the training row in place (no copy of 100,000 dicts):
            # nothing reads it again (it is replaced by _SPENT below).
            row = staged.record
            row["person_id"] = person_id = person_ids[(row.pop("person")["key"],)]
            for name in drop:
                row.pop(name, None)
            row["source"] = staged.source
            add(row)
            staged.keys.append(
                ("trainingrecord", (person_id, row["course_id"], row["completed_on"]))
            )
            staged.record = _SPENT  # 100,000-row logs: keep one copy of each row, not two
        self.upsert(TrainingRecord, ("person_id", "course_id", "completed_on"), rows)


_SPENT: dict[str, Any] = {}
"""What a training row's record becomes once written (shared: nothing reads it again)."""
_KEEP_BLANK_SUBMISSION = frozenset({"status", "submitted_undated"})
_KEEP_NOTHING: frozenset[str] = frozenset()


def _stored_returns(conn: Any, scheme_id: int) -> dict[int, dict[str, Any]]:
    """Practice id -> the stored LES return of this scheme year, as column values."""
    table = LesReturn.__table__  # type: ignore[attr-defined]
    rows = conn.execute(table.select().where(table.c.scheme_id == scheme_id)).mappings()
    return {row["practice_id"]: dict(row) for row in rows}


def _kept(stored: dict[str, Any] | None, row: dict[str, Any]) -> dict[str, Any]:
    """The stored values an import leaves in place for this row (its blanks)."""
    if stored is None:
        return {}
    keep, clear = row.get(KEEP_STORED, ()), row.get(CLEAR_STORED, ())
    return {
        k: stored[k]
        for k, v in row.items()
        if k in stored and ((v is None and k not in clear) or k in keep)
    }


def _criteria(work: SheetWork, scheme_id: int, source: str) -> dict[str, dict[str, Any]]:
    """Header -> criterion row: code from the header ("C3 ...") or its position; type from answers."""
    from sgtui.importers.criteria import criterion_rows

    return criterion_rows(work, scheme_id, source)


def _count_outcomes(run: ImportRun, results: dict[str, BulkResult]) -> None:
    """Each row's outcome: its main record's, or "updated" if anything it carries changed."""
    outcomes = {table: result.outcomes for table, result in results.items()}
    nothing: dict[Any, Outcome] = {}
    for work in run.work:
        tally: Counter[Outcome | None] = Counter()
        for staged in work.staged:
            keys = staged.keys
            if len(keys) == 1:  # most rows carry one record: the common case first
                table, key = keys[0]
                tally[outcomes.get(table, nothing).get(key)] += 1
            else:
                tally[_carried(outcomes, keys)] += 1
        work.report.inserted += tally[Outcome.INSERTED]
        work.report.updated += tally[Outcome.UPDATED]
        work.report.unchanged += tally[Outcome.UNCHANGED] + tally[None]


def _carried(
    outcomes: dict[str, dict[Any, Outcome]], keys: list[tuple[str, tuple[Any, ...]]]
) -> Outcome:
    """A row carrying several records: inserted if its main one was, else updated if any
    was inserted or updated, else unchanged."""
    found = [outcomes[t].get(k) for t, k in keys if t in outcomes]
    main = found[0] if found else Outcome.UNCHANGED
    if main is Outcome.INSERTED:
        return main
    if any(o in (Outcome.INSERTED, Outcome.UPDATED) for o in found):
        return Outcome.UPDATED
    return Outcome.UNCHANGED
