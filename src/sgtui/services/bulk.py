"""Fast upserts of many records by natural key, for imports.

Saving 100,000 training records through the ORM one object at a time runs at about
13,600 rows/s; SQLAlchemy Core ``executemany`` runs at about 185,000. So this loads the
table's existing rows keyed by natural key into a dict, diffs in Python, bulk-inserts
new rows, and runs one executemany UPDATE for the changed ones. It runs inside the
caller's connection, so the whole import is one transaction.

Audit: every *changed* row gets an "update" entry in exactly the JSON format of
:mod:`sgtui.services.audit` (``{field: [before, after]}``, ISO dates), which history
and undo need. *Inserted* rows get no entry each: the caller writes one entry for the
whole import naming the ids it inserted (:mod:`sgtui.services.imports`), and each row's
``source`` says which file, sheet and row it came from.

An import never erases: an incoming None (a blank cell) leaves the stored value alone,
and so does any field a row names under :data:`KEEP_STORED` (a value the importer only
worked out because its cells were blank, such as status "open"). Fields in
``protected`` (master data: a practice's name) are not overwritten when already set;
those differences come back in :attr:`BulkResult.held` for the officer to accept.

Colleagues save while an import runs, so an import honours the same optimistic versions
as the forms: each changed row is written only if it still has the version the import
read (``UPDATE ... WHERE id AND version``), and only its differing fields are set. Rows
a colleague changed in between are re-read under a row lock before writing and left as
the colleague saved them; they come back in :attr:`BulkResult.conflicts` with both
values, so the officer sees them instead of an invisible reversion. A commit made after a
dry run the officer reviewed passes the versions that dry run read (``read_versions``):
a record saved since then is a conflict too, not an overwrite of a change nobody approved.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ContextDecorator, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlmodel import SQLModel

from sgtui.services import audit
from sgtui.services.records import Outcome
from sgtui.store.models import AuditEntry, table_of

Key = tuple[Any, ...]
Pairs = dict[str, list[Any]]
"""{field: [stored value, the row's value]} (Python values, not yet JSON)."""
Changed = tuple[int, dict[str, Any], Pairs, int, Key]
"""A row to update: (id, the row's values, {field: [before, after]}, version read, key)."""
_JSON = json.JSONEncoder(sort_keys=True, default=str)
"""The audit log's JSON, as :func:`sgtui.services.audit.write` writes it."""
NATURAL_KEY_FIELDS = ("ref", "ods_code", "code", "year", "key", "name")
"""The fields :func:`sgtui.services.audit.natural_key` reads, in its order."""
STAMPS = ("created_at", "updated_at", "version")
"""Bookkeeping columns every inserted row gets: now, now, version 1."""
AUDIT_COLUMNS = ["at", "actor", "action", "record_type", "record_id", "record_key", "changes"]
KEEP_STORED = "_keep_stored"
"""Optional row key: a frozenset of fields whose value is for a new row only (an update
leaves the stored value alone), because the importer worked it out from blank cells."""
CLEAR_STORED = "_clear_stored"
"""Optional row key: a set of fields whose None is meant, not a blank cell: the stored
value is cleared (the text kept beside an unmapped code, once the value maps to a code)."""
ROW_NOTES = frozenset({KEEP_STORED, CLEAR_STORED})
"""Row keys that instruct the upsert and are not columns."""
BATCH = 5000
"""Rows per executemany batch: keeps statement memory flat on huge imports."""
DEFER_INDEXES_MIN = 5_000
"""Inserting at least this many rows (and no fewer than the table holds) into an SQLite
table drops its plain indexes first and builds them again after, in the same transaction:
building an index once over sorted keys beats updating it row by row (about 2x)."""


class collector_paused(ContextDecorator):  # noqa: N801 - used as a decorator
    """Python's cyclic garbage collector off for the duration (then as it was before).

    An import builds a few hundred thousand long-lived objects (rows, records, keys) and
    creates next to no reference cycles. With the collector on, each burst of new objects
    sets off a full collection that walks every one of them again: at 100,000 rows that
    was about half the import's time. Reference counting still frees everything as usual.
    """

    def _recreate_cm(self) -> collector_paused:
        return type(self)()  # each call its own state: imports may run in several threads

    def __enter__(self) -> collector_paused:
        self.was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()


@dataclass
class BulkResult:
    """What a bulk upsert did, per natural key, and the id of every row in the table."""

    ids: dict[Key, int] = field(default_factory=dict)
    outcomes: dict[Key, Outcome] = field(default_factory=dict)
    changes: dict[Key, Pairs] = field(default_factory=dict)
    """The fields written to each updated row, before and after."""
    held: dict[Key, Pairs] = field(default_factory=dict)
    """Differences in protected fields that were not written (stored value kept)."""
    inserted: Sequence[int] = ()
    """Ids of the rows inserted (a range when they are consecutive)."""
    audit_ids: list[int] = field(default_factory=list)
    """Ids of the "update" audit entries written."""
    conflicts: dict[Key, Pairs] = field(default_factory=dict)
    """Rows a colleague changed after the import read them, left as they saved them:
    {field: [their value, the row's value]} for each field the two disagree on."""
    read_versions: dict[int, int] = field(default_factory=dict)
    """Id -> the version the diff was made against, for each stored row that differed
    (changed or held back): what a later commit of the same rows must still find."""

    def count(self, outcome: Outcome) -> int:
        """How many of the given rows had this outcome."""
        return sum(1 for o in self.outcomes.values() if o is outcome)

    def merge(self, other: BulkResult) -> None:
        """Add another upsert's result on the same table (a second group of columns)."""
        if not (self.ids or self.outcomes):  # the usual case: take it over, copying nothing
            self.ids, self.outcomes = other.ids, other.outcomes
        else:
            self.ids.update(other.ids)
            self.outcomes.update(other.outcomes)
        self.changes.update(other.changes)
        self.held.update(other.held)
        self.conflicts.update(other.conflicts)
        self.read_versions.update(other.read_versions)
        self.inserted = [*self.inserted, *other.inserted] if self.inserted else other.inserted
        self.audit_ids.extend(other.audit_ids)


def model_defaults(model: type[SQLModel]) -> dict[str, Any]:
    """Column defaults as the model would fill them (static defaults only)."""
    defaults: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in ("id", "created_at", "updated_at"):
            continue
        if (
            info.default_factory is None
            and info.default is not None
            and not _is_undefined(info.default)
        ):
            defaults[name] = info.default
        elif info.default is None:
            defaults[name] = None
    return defaults


def _is_undefined(value: Any) -> bool:
    return type(value).__name__ == "PydanticUndefinedType"


def upsert_many(
    conn: Connection,
    model: type[SQLModel],
    key_fields: tuple[str, ...],
    rows: Iterable[dict[str, Any]],
    *,
    actor: str,
    at: datetime,
    protected: frozenset[str] = frozenset(),
    read_versions: Mapping[int, int] | None = None,
) -> BulkResult:
    """Insert or update ``rows`` (dicts of column values) by natural key.

    Every row must carry the same columns (one UPDATE statement serves them all).
    ``source`` is recorded but never on its own makes a row "updated" (re-importing the
    same data from a renamed file changes nothing), as in :func:`records.upsert`.
    ``read_versions`` (id -> version, from a dry run's :attr:`BulkResult.read_versions`)
    stands in for the version read now for those rows, so a row saved since that dry run
    is a conflict; other rows are checked against the version read now.
    """
    table: Table = table_of(model)
    rows = list(rows)
    given = dict(zip(map(_getter(key_fields), rows), rows, strict=True))
    compared = sorted(set(rows[0] if rows else ()) - {"source", *ROW_NOTES, *key_fields})
    existing = _existing(conn, table, key_fields, compared)
    result = BulkResult(ids={k: v[0] for k, v in existing.items()})
    new_rows: list[dict[str, Any]] = []
    new_keys: list[Key] = []
    changed: list[Changed] = []
    earlier = read_versions or {}
    for key, row in given.items() if existing else ():
        current = existing.get(key)
        if current is None:
            new_rows.append(row)
            new_keys.append(key)
            continue
        changes, held = _diff(compared, current[1], row, protected)
        result.outcomes[key] = Outcome.UPDATED if changes else Outcome.UNCHANGED
        if not (changes or held):
            continue
        version = earlier.get(current[0], current[2])
        result.read_versions[current[0]] = version
        if held:
            result.held[key] = held
        if changes:
            result.changes[key] = changes
            changed.append((current[0], row, changes, version, key))
    if not existing:  # a new table (a first import): every row is new
        new_rows, new_keys = list(given.values()), list(given)
    if earlier:
        _check_none_deleted(table, earlier, existing)
    _insert(conn, model, table, key_fields, new_rows, new_keys, result, at)
    changed = _set_aside_conflicts(conn, table, changed, result)
    entries = _update(conn, table, changed, actor, at)
    result.audit_ids = _insert_audit(conn, entries)
    return result


def _existing(
    conn: Connection, table: Table, key_fields: tuple[str, ...], compared: list[str]
) -> dict[Key, tuple[int, tuple[Any, ...], int]]:
    """Natural key -> (id, compared values, version) for every row already in the table."""
    columns = [table.c[k] for k in key_fields] + [table.c[c] for c in compared]
    statement = select(table.c.id, table.c.version, *columns)
    width = len(key_fields)
    found = {}
    for row in conn.execute(statement):
        found[tuple(row[2 : 2 + width])] = (row[0], tuple(row[2 + width :]), row[1])
    return found


def _diff(
    compared: list[str], current: tuple[Any, ...], row: dict[str, Any], protected: frozenset[str]
) -> tuple[Pairs, Pairs]:
    """(changes to write, protected differences held back) between a stored row and ``row``."""
    changes: Pairs = {}
    held: Pairs = {}
    keep = row.get(KEEP_STORED, ())
    clear = row.get(CLEAR_STORED, ())
    for name, before in zip(compared, current, strict=True):
        after = row.get(name)
        if (after is None and name not in clear) or after == before:
            continue
        if name in keep or name not in row:
            continue
        if name in protected and before is not None and before != "":
            held[name] = [before, after]
        else:
            changes[name] = [before, after]
    return changes, held


def _insert(
    conn: Connection,
    model: type[SQLModel],
    table: Table,
    key_fields: tuple[str, ...],
    rows: list[dict[str, Any]],
    keys: list[Key],
    result: BulkResult,
    at: datetime,
) -> None:
    """Plain executemany inserts, then the new ids (no audit entry per row; see above).

    ``INSERT ... RETURNING`` with guaranteed row order makes SQLAlchemy send SQLite one
    statement per row (about 10x slower), so ids are worked out instead: SQLite gives
    rows inserted in one transaction consecutive ids after the largest one (checked;
    otherwise, and on other databases, they are read back by natural key).
    """
    if not rows:
        return
    defaults = model_defaults(model)
    given = [n for n in rows[0] if n not in ROW_NOTES]
    extra = [n for n in defaults if n not in rows[0] and n not in STAMPS]
    constant = {**{n: defaults[n] for n in extra}, "created_at": at, "updated_at": at, "version": 1}
    first_id = _max_id(conn, table)
    with _indexes_deferred(conn, table, len(rows), first_id):
        _insert_dicts(conn, table, given, rows, constant)
        new_ids = _new_ids(conn, table, key_fields, keys, first_id)
    result.ids.update(zip(keys, new_ids, strict=True))
    result.outcomes.update(zip(keys, repeat(Outcome.INSERTED)))
    result.inserted = new_ids


@contextmanager
def _indexes_deferred(
    conn: Connection, table: Table, adding: int, largest_id: int | None
) -> Iterator[None]:
    """On SQLite, for a large insert into a small table, drop the table's plain indexes
    and create them again (from their own SQL, so any later migration's are covered).

    Unique indexes and constraints stay, so duplicates are still refused row by row.
    The DDL runs inside the caller's open transaction (SQLite DDL is transactional): an
    error or a crash before commit leaves the indexes as they were. Nothing is dropped
    when no transaction is open yet (the driver opens one only at the first write).
    """
    if (
        largest_id is None
        or adding < DEFER_INDEXES_MIN
        or adding < largest_id
        or not conn.connection.dbapi_connection.in_transaction  # type: ignore[union-attr]
    ):
        yield
        return
    plain = _plain_indexes(conn, str(table.name))
    for name, _sql in plain:
        conn.exec_driver_sql(f"DROP INDEX {conn.dialect.identifier_preparer.quote(name)}")
    yield
    for _name, sql in plain:
        conn.exec_driver_sql(sql)


def _plain_indexes(conn: Connection, table_name: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX sql) of the table's non-unique indexes made by CREATE INDEX."""
    quoted = conn.dialect.identifier_preparer.quote(table_name)
    listed = conn.exec_driver_sql(f"PRAGMA index_list({quoted})").all()
    names = [row[1] for row in listed if not row[2] and row[3] == "c"]
    found = []
    for name in names:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
        ).scalar_one_or_none()
        if sql:
            found.append((name, sql))
    return found


def _getter(names: list[str] | tuple[str, ...]) -> Any:
    """A fast function from a row dict to the tuple of its ``names`` values."""
    if len(names) == 1:
        only = names[0]
        return lambda row: (row[only],)
    return itemgetter(*names)


def _max_id(conn: Connection, table: Table) -> int | None:
    """The table's largest id before inserting (SQLite only; None elsewhere)."""
    if conn.dialect.name != "sqlite":
        return None
    largest: int = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return largest


def _new_ids(
    conn: Connection,
    table: Table,
    key_fields: tuple[str, ...],
    keys: list[Key],
    first_id: int | None,
) -> Sequence[int]:
    """The id of each inserted row, in the rows' order (a range when consecutive)."""
    if first_id is not None:
        check = select(func.count(), func.max(table.c.id)).where(table.c.id > first_id)
        count, last = conn.execute(check).one()
        if count == len(keys) and last == first_id + len(keys):
            return range(first_id + 1, last + 1)
    key_columns = [table.c[k] for k in key_fields]
    found = {tuple(r[1:]): r[0] for r in conn.execute(select(table.c.id, *key_columns))}
    return [found[key] for key in keys]


DELETED = "(deleted meanwhile)"
"""A conflict's "their value" when the colleague deleted the record (it stays deleted)."""


class StaleRead(Exception):
    """A row changed between the recheck under lock and the write: cannot happen while
    the lock is held, so the whole import is rolled back rather than risk an overwrite."""


class DeletedSinceRead(StaleRead):
    """A record the dry run found was deleted before the commit that follows it: writing
    would add it back (it is no longer there to compare), so nothing is written."""


def _check_none_deleted(
    table: Table, earlier: Mapping[int, int], existing: dict[Key, tuple[int, Any, int]]
) -> None:
    """Raise :class:`DeletedSinceRead` if any record of ``earlier`` is gone now."""
    present = {entry[0] for entry in existing.values()}
    gone = sum(1 for record_id in earlier if record_id not in present)
    if gone:
        raise DeletedSinceRead(f"{table.name}: {gone} record(s) deleted since the dry run")


def _set_aside_conflicts(
    conn: Connection, table: Table, changed: list[Changed], result: BulkResult
) -> list[Changed]:
    """The rows still at the version read; the others become :attr:`BulkResult.conflicts`.

    The changed rows are read again with a row lock (``FOR UPDATE``; SQLite's write lock
    is already held), so no colleague can save between this check and the write.
    """
    if not changed:
        return changed
    names = sorted({name for entry in changed for name in entry[2]})
    now = _locked_rows(conn, table, [entry[0] for entry in changed], names)
    kept = []
    for entry in changed:
        record_id, row, changes, version, key = entry
        version_now, values_now = now.get(record_id, (None, dict.fromkeys(changes, DELETED)))
        if version_now == version:
            kept.append(entry)
            continue
        del result.changes[key]
        clashes = {n: [values_now[n], row[n]] for n in changes if values_now[n] != row[n]}
        result.outcomes[key] = Outcome.UNCHANGED
        if clashes:
            result.conflicts[key] = clashes
    return kept


def _locked_rows(
    conn: Connection, table: Table, ids: list[int], names: list[str]
) -> dict[int, tuple[int, dict[str, Any]]]:
    """Id -> (version, {name: value}) of these rows as stored now, each row locked."""
    found: dict[int, tuple[int, dict[str, Any]]] = {}
    columns = [table.c[n] for n in names]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        statement = (
            select(table.c.id, table.c.version, *columns)
            .where(table.c.id.in_(chunk))
            .order_by(table.c.id)
            .with_for_update()
        )
        for row in conn.execute(statement):
            found[row[0]] = (row[1], dict(zip(names, row[2:], strict=True)))
    return found


def _update(
    conn: Connection, table: Table, changed: list[Changed], actor: str, at: datetime
) -> list[tuple[Any, ...]]:
    """Write each row's differing fields, only where its version is still the one read.

    Rows are grouped by the fields they change, one executemany UPDATE per group, so a
    field the workbook agrees with is never written (a colleague's value in it stands).
    """
    if not changed:
        return []
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    entries = []
    sources = _sources(conn, table, [c[0] for c in changed])
    for record_id, row, changes, version, _key in changed:
        names = tuple(sorted(changes))
        source = row.get("source", sources[record_id])
        params = {f"_{n}": row[n] for n in names}
        params.update(_id=record_id, _version=version, _updated_at=at, _source=source)
        groups[names].append(params)
        audited = changes
        if source != sources[record_id]:  # so that undo can put the old source back too
            audited = {**changes, "source": [sources[record_id], source]}
        entries.append(_entry(table.name, record_id, row, audited, "update", actor, at))
    for names, group in groups.items():
        _update_group(conn, table, names, group)
    return entries


def _update_group(
    conn: Connection, table: Table, names: tuple[str, ...], params: list[dict[str, Any]]
) -> None:
    """One conditional executemany UPDATE of ``names`` (and source) for these rows."""
    statement = (
        update(table)
        .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_version"))
        .values({n: bindparam(f"_{n}") for n in (*names, "source")})
        .values(version=table.c.version + 1, updated_at=bindparam("_updated_at"))
    )
    for start in range(0, len(params), BATCH):
        batch = params[start : start + BATCH]
        written = conn.execute(statement, batch).rowcount
        if conn.dialect.supports_sane_multi_rowcount and written != len(batch):
            raise StaleRead(f"{table.name}: {len(batch) - written} row(s) changed while writing")


def _sources(conn: Connection, table: Table, ids: list[int]) -> dict[int, Any]:
    """The stored ``source`` of each of these rows (only changed rows: usually few)."""
    found: dict[int, Any] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        statement = select(table.c.id, table.c.source).where(table.c.id.in_(chunk))
        found.update((row[0], row[1]) for row in conn.execute(statement))
    return found


def _entry(
    table_name: str,
    record_id: int,
    row: dict[str, Any],
    changes: Pairs,
    action: str,
    actor: str,
    at: datetime,
) -> tuple[Any, ...]:
    """An audit entry as a tuple in :data:`AUDIT_COLUMNS` order."""
    text = _JSON.encode(
        {k: [audit.jsonable(b), audit.jsonable(a)] for k, (b, a) in changes.items()}
    )
    return (at, actor, action, table_name, record_id, _natural_key(row), text)


def _natural_key(row: dict[str, Any]) -> str | None:
    """:func:`audit.natural_key` for a row dict (ref, ODS code, code, year, key or name)."""
    for attr in NATURAL_KEY_FIELDS:
        value = row.get(attr)
        if value:
            return str(value)
    return None


def _insert_audit(conn: Connection, entries: list[tuple[Any, ...]]) -> list[int]:
    """Insert audit entries; return their ids (undo of an import finds them by id)."""
    if not entries:
        return []
    table = table_of(AuditEntry)
    if conn.dialect.name == "sqlite":
        first = _max_id(conn, table) or 0
        for start in range(0, len(entries), BATCH):
            _insert_tuples(conn, table, AUDIT_COLUMNS, entries[start : start + BATCH])
        # This transaction holds SQLite's write lock: every id above ``first`` is ours.
        mine = select(table.c.id).where(table.c.id > first).order_by(table.c.id)
        return list(conn.execute(mine).scalars())
    ids: list[int] = []
    statement = insert(table).returning(table.c.id)
    for start in range(0, len(entries), BATCH):
        params = [dict(zip(AUDIT_COLUMNS, e, strict=True)) for e in entries[start : start + BATCH]]
        ids.extend(conn.execute(statement, params).scalars())
    return ids


def _insert_dicts(
    conn: Connection,
    table: Table,
    names: list[str],
    rows: list[dict[str, Any]],
    constant: dict[str, Any],
) -> None:
    """INSERT many rows given as dicts (their ``names`` columns), plus ``constant`` columns.

    On SQLite, a batch at a time, each column is taken straight from the dicts and
    converted by its type's own bind processor (so stored values are exactly what
    SQLAlchemy would store), each distinct value once for the whole insert: a column
    repeats a few thousand dates over 100,000 rows. Other databases get SQLAlchemy's
    batched multi-row INSERT.
    """
    if conn.dialect.name != "sqlite":
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            conn.execute(insert(table), [{**{n: r[n] for n in names}, **constant} for r in batch])
        return
    sql, converting, fixed = _sqlite_insert(conn, table, names, constant)
    caches: dict[int, dict[type, dict[Any, Any]]] = {i: {} for i, _p in converting}
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        columns: list[Any] = [list(map(itemgetter(n), batch)) for n in names]
        for index, processor in converting:
            columns[index] = _converted_column(columns[index], processor, caches[index])
        # repeat() never ends: the rows' own columns end the zip
        conn.exec_driver_sql(sql, list(zip(*columns, *map(repeat, fixed), strict=False)))


def _sqlite_insert(
    conn: Connection, table: Table, names: list[str], constant: dict[str, Any]
) -> tuple[str, list[tuple[int, Any]], list[Any]]:
    """The INSERT text, the (index, bind processor) of each column needing one, and the
    ``constant`` values converted once."""
    dialect = conn.dialect
    processors = {
        name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        for name in [*names, *constant]
    }
    converting = [(i, processors[n]) for i, n in enumerate(names) if processors[n] is not None]
    fixed = [v if (bind := processors[n]) is None else bind(v) for n, v in constant.items()]
    quote = dialect.identifier_preparer.quote
    columns = [*names, *constant]
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    return sql, converting, fixed


def _converted_column(
    column: list[Any], processor: Any, caches: dict[type, dict[Any, Any]]
) -> list[Any]:
    """The column through its processor, by a lookup per value type (True == 1 as keys)."""
    kinds = set(map(type, column))
    kinds.discard(type(None))
    if len(kinds) > 1:
        return [processor(value) for value in column]
    cache = caches.setdefault(next(iter(kinds), type(None)), {})
    try:
        for value in set(column).difference(cache):
            cache[value] = processor(value)
    except TypeError:  # an unhashable value: one by one
        return [processor(value) for value in column]
    return list(map(cache.__getitem__, column))


def _insert_tuples(
    conn: Connection, table: Table, names: list[str], rows: list[tuple[Any, ...]]
) -> None:
    """INSERT many rows, each a tuple of the ``names`` columns' values (audit entries).

    On SQLite the rows go straight to the driver's ``executemany``, each value through its
    column type's bind processor; other databases use SQLAlchemy's batched INSERT.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    sql, converting, _fixed = _sqlite_insert(conn, table, names, {})
    columns: list[Any] = list(zip(*rows, strict=True))
    for index, processor in converting:
        columns[index] = _converted_column(list(columns[index]), processor, {})
    conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))
