"""Adding, changing and deleting any record from the text an officer typed, by the registry.

Forms and ``sgtui set`` call these with each field's text. Every value is read first
(:mod:`sgtui.services.field_values`); if any is bad, nothing is written and
:class:`ValidationError` maps each field to its message. Then the record's own rules
run (a LES return's status follows its steps, a review's commissioning body its type,
an action marked complete gets its date), and the change goes through
:mod:`sgtui.services.records`, so it is version-checked and audited like every other.

Questions that need a second step raise :class:`NeedsConfirmation` before anything is
written (a subject that looks like a real name, an NHS number in a note, a meeting
marked held before its date); the caller asks and calls again with ``confirmed=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from pydantic_core import PydanticUndefined
from sqlmodel import Session, SQLModel, col, func, select

from sgtui.services import audit, record_rules, records
from sgtui.services.context import Services
from sgtui.services.errors import NeedsConfirmation, NotFound, ServiceError, ValidationError
from sgtui.services.field_values import (
    AmbiguousPerson,
    FieldError,
    columns_for,
    current_value,
    display,
    parse_value,
)
from sgtui.services.privacy import privacy_warnings
from sgtui.services.registry import FieldDef, KindDef, kind_of
from sgtui.services.ukdates import format_uk
from sgtui.store.models import (
    Action,
    Attendance,
    LesAnswer,
    Review,
    ReviewTheme,
    TrainingRecord,
    table_of,
)


@dataclass(frozen=True)
class Parsed:
    """The typed values of the fields given, and the columns they are stored in."""

    values: dict[str, Any]
    columns: dict[str, Any]


def parse_fields(
    session: Session,
    kind: KindDef,
    raw: dict[str, Any],
    today: date,
    *,
    creating: bool,
) -> Parsed:
    """Read every given field's text; ValidationError naming every bad one (nothing written)."""
    errors: dict[str, str] = {}
    people: dict[str, list[Any]] = {}
    values: dict[str, Any] = {}
    for name, text in raw.items():
        try:
            spec = kind.field(name)
        except KeyError:
            known = ", ".join(f.name for f in kind.fields)
            errors[name] = f"is not a field of a {kind.label.lower()} (fields: {known})"
            continue
        if spec.on_create_only and not creating:
            errors[spec.name] = "cannot be changed once the record exists"
            continue
        try:
            values[spec.name] = parse_value(session, spec, text, today)
        except AmbiguousPerson as exc:
            errors[spec.name] = str(exc)
            people[spec.name] = exc.candidates
        except FieldError as exc:
            errors[spec.name] = str(exc)
    if creating:
        defaults = _defaults(kind.model)
        for spec in kind.fields:
            given = values.get(spec.name) is not None or defaults.get(spec.written) is not None
            if spec.required and not given and spec.name not in errors:
                errors[spec.name] = "is required"
    if errors:
        raise ValidationError(errors, people)
    columns: dict[str, Any] = {}
    for name, value in values.items():
        spec = kind.field(name)
        if spec.name != "themes":
            columns.update(columns_for(spec, value))
    return Parsed(values, columns)


def _check_order(kind: KindDef, merged: dict[str, Any], given: set[str]) -> None:
    """A date may not precede the one it follows (decision before notification)."""
    errors: dict[str, str] = {}
    for spec in kind.fields:
        if not spec.not_before or spec.name not in given and spec.not_before not in given:
            continue
        later, earlier = merged.get(spec.written), merged.get(kind.field(spec.not_before).written)
        if isinstance(later, date) and isinstance(earlier, date) and later < earlier:
            earlier_label = kind.field(spec.not_before).label.lower()
            errors[spec.name] = f"is before {earlier_label} ({format_uk(earlier)})"
    if errors:
        raise ValidationError(errors)


def _check_privacy(kind: KindDef, raw: dict[str, Any], confirmed: bool) -> None:
    """Ask before a pseudonym that may be a real name, or an NHS number, is saved."""
    if confirmed:
        return
    for name, text in raw.items():
        spec = kind.field(name)
        warnings = privacy_warnings(spec, text)
        if warnings:
            question = f"{spec.label} {'; '.join(warnings)}. Save it anyway?"
            raise NeedsConfirmation(question, spec.name)


def _defaults(model: type[SQLModel]) -> dict[str, Any]:
    """A new record's default column values (status "planned", chase count 0, ...)."""
    return {
        name: info.default
        for name, info in model.model_fields.items()
        if info.default_factory is None and info.default is not PydanticUndefined
    }


def _field_for(kind: KindDef, column: str) -> FieldDef | None:
    return next((f for f in kind.fields if column in (f.written, f.id_column)), None)


def _clash(session: Session, kind: KindDef, where: dict[str, Any], own: int | None) -> bool:
    model = kind.model
    stmt = select(func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    if own is not None:
        stmt = stmt.where(model.id != own)  # type: ignore[attr-defined]
    return bool(session.exec(stmt).one())


def _check_unique(session: Session, kind: KindDef, merged: dict[str, Any], own: int | None) -> None:
    """Another record with the same natural key would clash: say so under the field, first."""
    table = table_of(kind.model)
    keys = [
        [c.name for c in k.columns] for k in table.constraints if isinstance(k, sa.UniqueConstraint)
    ]
    keys += [[c.name] for c in table.columns if c.unique]
    for names in keys:
        if any(merged.get(n) is None for n in names) or not _clash(
            session, kind, {n: merged[n] for n in names}, own
        ):
            continue
        fields = [f for n in names if n != kind.parent_column and (f := _field_for(kind, n))]
        name = fields[0].name if fields else names[0]
        same = " and ".join(f.label.lower() for f in fields) or name
        where = f" on this {kind.parent}" if kind.parent else ""
        raise ValidationError(
            {name: f"clashes: another {kind.label.lower()}{where} has the same {same}"}
        )


def _stored(obj: SQLModel) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in table_of(obj).columns}


def _write_columns(kind: KindDef, merged: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """The columns that differ from what is stored (``merged`` may carry helper keys)."""
    table_columns = set(table_of(kind.model).columns.keys())
    return {
        k: v
        for k, v in merged.items()
        if k in table_columns and k not in ("id", "created_at", "updated_at", "version")
        and before.get(k, _MISSING) != v
    }  # fmt: skip


_MISSING = object()


def _set_themes(session: Session, svc: Services, review: Review, value: Any) -> None:
    from sgtui.services.reviews import set_themes

    text = value or ""
    set_themes(session, svc, review, [t for t in text.replace(",", ";").split(";")])


def _becomes_review(review: Review, merged: dict[str, Any]) -> bool:
    """A Rapid Review given a review type it can become (CSPR, LCSPR, SAR, DHR)."""
    from sgtui.services.reviews import CONVERSIONS

    return review.review_type == "RR" and merged.get("review_type") in CONVERSIONS


def _convert(
    session: Session,
    svc: Services,
    review: Review,
    merged: dict[str, Any],
    parsed: Parsed,
    expected_version: int | None,
) -> tuple[dict[str, Any], int]:
    """Convert the review (new reference, alias, deadlines), then let the other fields follow.

    Setting the type of a Rapid Review to CSPR is the partners' decision, whether typed
    in the form or with ``sgtui set``: it goes through :func:`reviews.convert_review` so
    the review keeps its history and its old reference still finds it.
    """
    from sgtui.services.reviews import convert_review

    convert_review(
        session, svc, review, merged["review_type"], merged.get("decision_on"),
        expected_version=expected_version,
    )  # fmt: skip
    converted = _stored(review)
    for column in ("ref", "review_type", "commissioning_body", "former_type", "decision_on"):
        merged[column] = converted[column]
    if "stage" not in parsed.columns:
        merged["stage"] = converted["stage"]
    return converted, review.version


def update(
    session: Session,
    svc: Services,
    kind_name: str,
    record_id: int,
    raw: dict[str, Any],
    *,
    expected_version: int | None = None,
    confirmed: bool = False,
) -> SQLModel:
    """Change the fields in ``raw`` (field name -> text) on one record; nothing if any is bad."""
    kind = kind_of(kind_name)
    obj = records.get(session, kind.model, record_id)
    raw, answers = _split_answers(kind, raw)
    parsed = _parse_with_answers(session, svc, kind, obj, raw, answers)
    _check_privacy(kind, raw, confirmed)
    before = _stored(obj)
    merged = {**before, **parsed.columns}
    if kind.name == "training" and "expires_on" in parsed.columns:
        merged["expiry_stated"] = parsed.columns["expires_on"] is not None
    settle = record_rules.SETTLE.get(kind.name)
    if settle:
        merged = settle(session, svc, merged, before, confirmed)
    _check_order(kind, merged, set(parsed.values))  # as saved: a derived expiry is re-derived
    _check_unique(session, kind, merged, record_id)
    if isinstance(obj, Review) and _becomes_review(obj, merged):
        before, expected_version = _convert(session, svc, obj, merged, parsed, expected_version)
    records.apply_changes(
        session, svc, obj, _write_columns(kind, merged, before), expected_version=expected_version
    )
    if "themes" in parsed.values and isinstance(obj, Review):
        _set_themes(session, svc, obj, parsed.values["themes"])
    if answers:
        from sgtui.services.les_answers import set_answers

        set_answers(session, svc, record_id, answers)
    return obj


def update_many(
    session: Session,
    svc: Services,
    kind_name: str,
    record_ids: list[int],
    raw: dict[str, Any],
    *,
    confirmed: bool = False,
) -> list[SQLModel]:
    """Set the same fields on many records (a fill-down): all or nothing, one undo.

    Each record goes through :func:`update`, so its own rules and checks apply; the
    first that refuses raises with its record named ("LES return G83004: ...") and the
    caller's transaction rolls back, so nothing is half-filled. The audit entries are
    tied together by one batch entry, so ctrl+z undoes the whole fill-down at once.
    """
    kind = kind_of(kind_name)
    changed: list[SQLModel] = []
    first_entry = next_audit_id(session)
    for record_id in dict.fromkeys(record_ids):
        try:
            changed.append(update(session, svc, kind.name, record_id, raw, confirmed=confirmed))
        except ValidationError as exc:
            name = _record_name(session, kind, record_id)
            errors = {field: f"{message} ({name})" for field, message in exc.errors.items()}
            raise ValidationError(errors, exc.people) from None
        except NeedsConfirmation as exc:
            name = _record_name(session, kind, record_id)
            raise NeedsConfirmation(f"{name}: {exc.question}", exc.field) from None
        except ServiceError as exc:
            raise type(exc)(f"{_record_name(session, kind, record_id)}: {exc}") from None
    session.flush()
    audit.write_batch(session, svc, first_entry, _batch_label(kind, raw, len(changed)))
    return changed


def next_audit_id(session: Session) -> int:
    """The id the next audit entry will at least have (a batch's entries start here)."""
    from sgtui.store.models import AuditEntry

    session.flush()
    latest = session.exec(select(func.max(col(AuditEntry.id)))).one()
    return int(latest or 0) + 1


def _record_name(session: Session, kind: KindDef, record_id: int) -> str:
    """ "LES return G83004": the kind and the record's readable key, for an error."""
    obj = session.get(kind.model, record_id)
    key = audit.natural_key(obj) if obj is not None else None
    if kind.name == "les_return" and obj is not None:
        from sgtui.store.models import Practice

        practice = session.get(Practice, obj.practice_id)  # type: ignore[attr-defined]
        key = practice.ods_code if practice else key
    return f"{kind.label} {key or record_id}"


def _batch_label(kind: KindDef, raw: dict[str, Any], count: int) -> str:
    """What a fill-down did, in words ("Contract signed on 7 LES returns")."""
    labels = []
    for name in raw:
        try:
            labels.append(kind.field(name).label)
        except KeyError:
            labels.append(name)
    plural = kind.label if count == 1 else f"{kind.label}s"
    return f"{', '.join(labels)} on {count} {plural}"


def _split_answers(kind: KindDef, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A return's fields, and its criterion answers given by code ("C08=No" to ``sgtui set``)."""
    if kind.name != "les_return":
        return raw, {}
    fields, answers = {}, {}
    for name, text in raw.items():
        try:
            kind.field(name)
        except KeyError:
            answers[name] = text
        else:
            fields[name] = text
    return fields, answers


def _parse_with_answers(
    session: Session,
    svc: Services,
    kind: KindDef,
    obj: SQLModel,
    raw: dict[str, Any],
    answers: dict[str, Any],
) -> Parsed:
    """The fields read, with every bad field and bad answer reported together."""
    errors: dict[str, str] = {}
    if answers:
        from sgtui.services.les_answers import check_answers

        errors = check_answers(session, obj.scheme_id, answers)[1]  # type: ignore[attr-defined]
    try:
        parsed = parse_fields(session, kind, raw, svc.clock.today(), creating=False)
    except ValidationError as exc:
        raise ValidationError({**exc.errors, **errors}, exc.people) from None
    if errors:
        raise ValidationError(errors)
    return parsed


def create(
    session: Session,
    svc: Services,
    kind_name: str,
    raw: dict[str, Any],
    *,
    parent_id: int | None = None,
    confirmed: bool = False,
) -> SQLModel:
    """Add a record from its fields' text (``parent_id``: the review, meeting, person ... it is on)."""
    kind = kind_of(kind_name)
    if kind.parent and parent_id is None:
        raise ServiceError(f"a {kind.label.lower()} is added to a {kind.parent}: say which")
    parsed = parse_fields(session, kind, raw, svc.clock.today(), creating=True)
    _check_privacy(kind, raw, confirmed)
    merged: dict[str, Any] = {**_defaults(kind.model), **parsed.columns}
    if kind.parent_column:
        merged[kind.parent_column] = parent_id
    if kind.name == "training":
        merged["expiry_stated"] = parsed.columns.get("expires_on") is not None
    if kind.name == "action" and not merged.get("ref"):
        from sgtui.services.meetings import new_action_ref

        merged["ref"] = new_action_ref(session, merged.get("meeting_id"))
    settle = record_rules.SETTLE.get(kind.name)
    if settle:
        merged = settle(session, svc, merged, {}, confirmed)
    _check_order(kind, merged, set(parsed.values))  # as saved: a derived expiry is re-derived
    _check_unique(session, kind, merged, None)
    obj = records.create(session, svc, kind.model(**_write_columns(kind, merged, {})))
    if "themes" in parsed.values and isinstance(obj, Review):
        _set_themes(session, svc, obj, parsed.values["themes"])
    return obj


def _refuse_delete(session: Session, kind: KindDef, record_id: int) -> None:
    """Deleting would leave other records pointing nowhere: say what to do instead."""
    if not kind.deletable:
        raise ServiceError(f"a {kind.label.lower()} cannot be deleted (it is kept for the record)")
    if kind.name == "meeting":
        count = session.exec(
            select(func.count()).select_from(Action).where(col(Action.meeting_id) == record_id)
        ).one()
        if count:
            raise ServiceError(
                f"the meeting has {count} action(s): move or delete them first, "
                "or mark the meeting cancelled"
            )
    if kind.name == "person":
        uses = sum(
            session.exec(select(func.count()).select_from(m).where(column == record_id)).one()
            for m, column in (
                (TrainingRecord, TrainingRecord.person_id),
                (Attendance, Attendance.person_id),
                (Action, Action.owner_person_id),
            )
        )
        if uses:
            raise ServiceError(
                f"this person has {uses} training record(s), invitation(s) or action(s): "
                "merge them into the right person instead (m on their page)"
            )
    if kind.name == "les_criterion":
        answers = session.exec(
            select(func.count())
            .select_from(LesAnswer)
            .where(col(LesAnswer.criterion_id) == record_id)
        ).one()
        if answers:
            raise ServiceError(f"{answers} return(s) answer this criterion: it cannot be deleted")


def delete(
    session: Session,
    svc: Services,
    kind_name: str,
    record_id: int,
    *,
    expected_version: int | None = None,
) -> None:
    """Delete one record (audited, so undo brings it back), or say why it cannot be."""
    kind = kind_of(kind_name)
    _refuse_delete(session, kind, record_id)
    if kind.name == "meeting":
        invited = session.exec(select(Attendance).where(col(Attendance.meeting_id) == record_id))
        for attendance in list(invited):
            records.delete(session, svc, Attendance, attendance.id)  # type: ignore[arg-type]
    if kind.name == "review":
        for theme in list(
            session.exec(select(ReviewTheme).where(col(ReviewTheme.review_id) == record_id))
        ):
            records.delete(session, svc, ReviewTheme, theme.id)  # type: ignore[arg-type]
    records.delete(session, svc, kind.model, record_id, expected_version=expected_version)


def field_texts(session: Session, kind_name: str, record: SQLModel | None) -> dict[str, str]:
    """Each field's current value as the text a form starts from ("" for a new record)."""
    kind = kind_of(kind_name)
    if record is None:
        return {spec.name: "" for spec in kind.fields}
    texts = {}
    for spec in kind.fields:
        if spec.name == "themes" and isinstance(record, Review):
            if record.id is None:
                texts[spec.name] = ""
                continue
            from sgtui.services.reviews import themes_of

            texts[spec.name] = "; ".join(themes_of(session, record.id))
            continue
        texts[spec.name] = display(session, spec, current_value(session, spec, record))
    return texts


def find_record(session: Session, text: str) -> tuple[KindDef, SQLModel]:
    """The record named as ``sgtui history`` takes it (review:REF, practice:G83004, action:12)."""
    from sgtui.services.history import PREFIXES, resolve

    prefix, _sep, value = text.partition(":")
    try:
        kind = kind_of(prefix)
    except KeyError as exc:
        raise NotFound(str(exc.args[0])) from None
    table = kind.model.__tablename__
    named = prefix.strip().lower() in PREFIXES
    ref = resolve(session, text if named else f"{table}:{value}")
    obj = session.get(kind.model, ref.record_id) if ref.table == table else None
    if obj is None:
        raise NotFound(f"no {kind.label.lower()} {value.strip()} (it may have been deleted)")
    return kind, obj


__all__ = [
    "create",
    "delete",
    "field_texts",
    "find_record",
    "parse_fields",
    "privacy_warnings",
    "update",
    "update_many",
]
