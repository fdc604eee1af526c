"""The form for any kind of record, built from the field registry.

Every field of the kind (or the few a page asks for: the S-CRT fields, a return's
steps) gets its editor: a picker for a choice, a line for everything else, with the
field's help under it. The text goes to :mod:`sgtui.services.editing` unparsed, so the
form and ``sgtui set`` give the same message for the same bad value. Only the fields
the officer changed are sent, so a colleague's save to another field is not undone.

A name that fits several people opens a picker (role, organisation, borough, or a new
person); a question the service asks (a real-looking subject, a meeting held early)
opens a yes/no, and saving again with the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session
from textual import work
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static

from sgtui.services import editing, records
from sgtui.services.errors import ConflictError, NeedsConfirmation, ValidationError
from sgtui.services.field_values import OPEN_CATALOGUES, PersonChoice, choices
from sgtui.services.privacy import privacy_warnings
from sgtui.services.registry import FieldDef, FieldType, KindDef, kind_of
from sgtui.tui.context import services_of
from sgtui.tui.modals.form import FormField, FormModal

PLACEHOLDERS = {
    FieldType.DATE: "dd/mm/yyyy · today · +5wd",
    FieldType.STEP: "dd/mm/yyyy · today · yes",
    FieldType.TIME: "hh:mm",
    FieldType.FLAG: "yes or no",
    FieldType.PERSON: "name or e-mail",
    FieldType.PRACTICE: "ODS code",
    FieldType.PERCENT: "0-100",
}


@dataclass(frozen=True)
class FormData:
    """What a form starts from, read in a worker: the texts, the choices, the version."""

    kind: KindDef
    fields: tuple[FieldDef, ...]
    texts: dict[str, str]
    options: dict[str, list[tuple[str, str]]]
    """Choice field -> (label, value) pairs."""
    version: int | None
    title: str


def load_form(
    session: Session,
    kind_name: str,
    record_id: int | None,
    *,
    only: tuple[str, ...] = (),
    title: str = "",
    preset: dict[str, str] | None = None,
) -> FormData:
    """Read a record's field texts and every picker's choices (in a worker: it is SQL)."""
    kind = kind_of(kind_name)
    record = records.get(session, kind.model, record_id) if record_id is not None else None
    wanted = [f for f in kind.fields if not only or f.name in only]
    if record is not None:
        wanted = [f for f in wanted if not f.on_create_only]
    texts = editing.field_texts(session, kind.name, record or kind.model())
    texts.update(preset or {})
    options: dict[str, list[tuple[str, str]]] = {}
    for spec in wanted:
        if spec.type is FieldType.CHOICE:
            options[spec.name] = [(c.label, c.label) for c in choices(session, spec.catalogue)]
            current = texts.get(spec.name, "")
            if current and current not in {label for label, _v in options[spec.name]}:
                options[spec.name].append((current, current))  # an imported value kept as written
    label = kind.label.lower()
    heading = title or (f"Edit {label} {_name(record)}" if record is not None else f"Add a {label}")
    version = getattr(record, "version", None) if record is not None else None
    return FormData(kind, tuple(wanted), texts, options, version, heading)


def _name(record: Any) -> str:
    for attr in ("ref", "ods_code", "name", "year", "code", "number"):
        if getattr(record, attr, None):
            return str(getattr(record, attr))
    return ""


def _spec(data: FormData, field: FieldDef) -> FormField:
    text = data.texts.get(field.name, "")
    if field.type is FieldType.CHOICE and field.catalogue not in OPEN_CATALOGUES:
        return FormField(
            field.name,
            field.label,
            "choice",
            required=field.required,
            choices=tuple(data.options[field.name]),
            default=text,
            hint=field.help,
        )
    return FormField(
        field.name, field.label, "raw", required=field.required, default=text, hint=field.help
    )


class RegistryFormModal(FormModal):
    """Add or edit one record of any kind; dismisses with the saved record or None."""

    def __init__(
        self,
        data: FormData,
        *,
        record_id: int | None = None,
        parent_id: int | None = None,
        intro: str = "",
    ) -> None:
        self.data = data
        self.record_id = record_id
        self.parent_id = parent_id
        self.confirmed = False
        super().__init__(
            data.title,
            [_spec(data, f) for f in data.fields],
            self._save_texts,
            expected_version=data.version,
            intro=intro,
        )

    def _widget(self, spec: FormField) -> Input | Select[str]:
        if spec.kind == "choice" and not spec.default:
            # Nothing chosen yet: a visible blank, so saving without choosing says
            # "is required" instead of quietly taking the first course on the list.
            return Select(
                list(spec.choices), prompt="Choose…", allow_blank=True, id=f"field-{spec.name}"
            )
        widget = super()._widget(spec)
        field = self.data.kind.field(spec.name)
        if isinstance(widget, Input):
            widget.placeholder = PLACEHOLDERS.get(field.type, "")
            if field.catalogue in OPEN_CATALOGUES:
                labels = [label for label, _v in self.data.options.get(field.name, [])]
                widget.suggester = SuggestFromList(labels, case_sensitive=False)
        return widget

    def on_input_changed(self, event: Input.Changed) -> None:
        """Warn as a private field is typed: a real-looking name, an NHS number."""
        name = (event.input.id or "").removeprefix("field-")
        try:
            field = self.data.kind.field(name)
        except KeyError:
            return
        if not field.privacy:
            return
        warnings = privacy_warnings(field, event.value)
        hint = self.query_one(f"#hint-{name}", Static)
        hint.update("\n".join(f"⚠ {field.label} {w}" for w in warnings) or field.help)
        hint.set_class(bool(warnings), "field-error")

    def parse(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The changed fields' text, as typed: the service reads it (same as ``sgtui set``)."""
        raw = self.raw_values()
        if self.record_id is None:
            return {k: v for k, v in raw.items() if v.strip()}, {}
        return {k: v for k, v in raw.items() if v != self._initial.get(k)}, {}

    def _save_texts(self, session: Session, raw: dict[str, Any], version: int | None) -> Any:
        svc = services_of(self)
        if self.record_id is None:
            return editing.create(
                session,
                svc,
                self.data.kind.name,
                raw,
                parent_id=self.parent_id,
                confirmed=self.confirmed,
            )
        return editing.update(
            session,
            svc,
            self.data.kind.name,
            self.record_id,
            raw,
            expected_version=version,
            confirmed=self.confirmed,
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-save", description="Saving")
    def _save(self, values: dict[str, Any], expected_version: int | None) -> None:
        """Save through the services; problems, questions and conflicts come back here."""
        if self.record_id is not None and not values:
            self.app.call_from_thread(self.dismiss, None)
            self.app.call_from_thread(self.notify, "Nothing changed")
            return
        try:
            with services_of(self).session() as session:
                saved = self._save_texts(session, values, expected_version)
        except ValidationError as exc:
            self.app.call_from_thread(self._invalid, exc)
            return
        except NeedsConfirmation as exc:
            self.app.call_from_thread(self._ask, exc, values, expected_version)
            return
        except ConflictError as exc:
            self.app.call_from_thread(self._conflict, values, exc)
            return
        self.app.call_from_thread(self.dismiss, saved)

    def _conflict(self, values: dict[str, Any], error: ConflictError) -> None:
        """Compare by the registry: each differing field's label and display values."""
        self._load_conflict(values)

    @work(thread=True, exclusive=True, exit_on_error=False, description="Comparing versions")
    def _load_conflict(self, values: dict[str, Any]) -> None:
        from sgtui.services.conflicts import differing_fields

        if self.record_id is None:  # a new record has no colleague's version
            return
        with services_of(self).session() as session:
            clashes = differing_fields(session, self.data.kind.name, self.record_id, values)
        rows = [(c.label, c.yours, c.theirs) for c in clashes]
        self.app.call_from_thread(self.show_conflict, values, rows)

    def kept_theirs(self) -> None:
        from sgtui.tui.fresh import notify_changed

        notify_changed(self.app, self.data.kind.name)

    def _invalid(self, error: ValidationError) -> None:
        self.show_errors(error.errors)
        for field, people in error.people.items():
            self._pick_person(field, people)
            return

    def _ask(
        self, question: NeedsConfirmation, values: dict[str, Any], version: int | None
    ) -> None:
        from sgtui.tui.modals.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.confirmed = True
                self._save(values, version)
            elif question.field:
                self.query_one(f"#field-{question.field}").focus()

        self.app.push_screen(
            ConfirmModal(question.question, "Save anyway", "Go back", focus_no=True), answered
        )

    def _pick_person(self, field: str, people: list[PersonChoice]) -> None:
        """Namesakes (or nobody): choose one, or add the name as a new person."""
        from sgtui.tui.modals.field_choice import ChoiceModal

        typed = self.raw_values()[field].strip()
        options = [(f"person:{p.person_id}", f"{p.name} · {p.description}") for p in people]
        options.append(("new", f"A new person called {typed}"))

        def chosen(choice: str | None) -> None:
            if choice == "new":
                self._add_person(field, typed)
            elif choice:
                self.set_raw(field, choice)
                self.query_one(f"#hint-{field}", Static).update(
                    next(label for value, label in options if value == choice)
                )
                self.action_save()

        question = f"Who is “{typed}”?" if people else f"Nobody called “{typed}” yet:"
        self.app.push_screen(ChoiceModal(question, options, None), chosen)

    @work(thread=True, exit_on_error=False, description="Adding the person")
    def _add_person(self, field: str, name: str) -> None:
        svc = services_of(self)
        with svc.session() as session:
            person = editing.create(session, svc, "person", {"name": name})
        person_ref = f"person:{records.record_id(person)}"
        self.app.call_from_thread(self._person_added, field, person_ref, name)

    def _person_added(self, field: str, text: str, name: str) -> None:
        self.set_raw(field, text)
        self.query_one(f"#hint-{field}", Static).update(
            f"{name} · new person (fill in their details on their page)"
        )
        self.action_save()


def open_form(
    screen: Any,
    kind: str,
    record_id: int | None = None,
    *,
    parent_id: int | None = None,
    only: tuple[str, ...] = (),
    title: str = "",
    preset: dict[str, str] | None = None,
    intro: str = "",
    then: Callable[[Any], None] | None = None,
) -> None:
    """Load the form's data in a worker, then show it; ``then`` gets the saved record or None."""

    def load() -> None:
        with services_of(screen).session() as session:
            data = load_form(session, kind, record_id, only=only, title=title, preset=preset)
        form = RegistryFormModal(data, record_id=record_id, parent_id=parent_id, intro=intro)
        screen.app.call_from_thread(screen.app.push_screen, form, then)

    screen.run_worker(load, thread=True, exit_on_error=False, description="Opening the form")
