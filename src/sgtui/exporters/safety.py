"""Safety rules every export follows: no cell can run as a formula, no half-written file.

Spreadsheet programs treat text that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some, a leading tab or carriage return) as a formula, so a note such as
``=HYPERLINK(...)`` typed into sgtui could run when a colleague opens the export
(OWASP "CSV injection"). A CSV cell is read in more than one way: LibreOffice in a
semicolon locale splits ``a;=1+1`` into ``a`` and a live ``=1+1``, so in CSV a trigger
right after a ``,``, ``;`` or tab counts too (:func:`is_dangerous_csv`). Files are written beside their target and renamed into place,
so a crash or a full disk never leaves a truncated workbook where a good one was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sgtui.paths import restrict_to_owner
from sgtui.services.errors import ServiceError

MARKING = "OFFICIAL-SENSITIVE"
"""The protective marking every export carries (NHS records of special-category data)."""
MARKED_IN_NAME = frozenset({".csv", ".ics"})
"""Formats without a page header to print the marking in: the file name carries it."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make Excel, LibreOffice or Google Sheets read text as a formula."""
CSV_SEPARATORS = (",", ";", "\t")
"""What spreadsheet programs split a CSV line on, depending on the reader's locale."""
_TRIGGER_AFTER_SEPARATOR = re.compile(r"[,;\t][=+\-@\t\r]")


def marked_file_name(stem: str, suffix: str) -> str:
    """A default file name; a .csv or .ics one ends in the marking (``x-OFFICIAL-SENSITIVE.csv``).

    A workbook prints the marking in its header and footer; a CSV cannot hold it without
    breaking its columns, and calendars show only names, so the name says it for them.
    """
    marked = suffix.lower() in MARKED_IN_NAME and not stem.endswith(MARKING)
    return f"{stem}-{MARKING}{suffix}" if marked else f"{stem}{suffix}"


class ExportError(ServiceError):
    """An export could not be written; the message says why in words a BSO can act on."""


def is_dangerous(text: str) -> bool:
    """True when ``text`` would be read as a formula by a spreadsheet program."""
    return text.startswith(FORMULA_TRIGGERS)


def is_dangerous_csv(text: str) -> bool:
    """True when any reader's split of ``text`` (on ``,``, ``;`` or tab) starts a formula."""
    return is_dangerous(text) or _TRIGGER_AFTER_SEPARATOR.search(text) is not None


def neutralise_csv(text: str) -> str:
    """Prefix dangerous text with an apostrophe, the OWASP-recommended CSV defence.

    The CSV writer also quotes any cell holding a separator (:mod:`sgtui.exporters.csvfile`),
    so a semicolon reader keeps ``';=1+1`` as one cell that starts with the apostrophe.
    """
    return "'" + text if is_dangerous_csv(text) else text


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it over ``path`` (0600).

    Refuses to replace an existing file unless ``force``; any failure removes the
    temporary file and leaves the old file (if any) untouched.
    """
    target = check_target(path, force=force)
    temp = _make_temp(target)
    try:
        yield temp
        restrict_to_owner(temp)
        _replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise write_failure(target, exc) from None
        raise


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Fail before any work is done if ``path`` cannot or should not be written."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target} is a folder, not a file name")
    if target.exists() and excel_lock(target).exists():
        raise open_elsewhere(target)
    if target.exists() and not force:
        raise ExportError(f"{target} already exists (use --force to overwrite it)")
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        if _read_only(folder):
            raise ExportError(f"cannot write {target}: the folder {folder} is read-only")
        raise ExportError(f"cannot write {target}: no permission to write in {folder}")
    return target


def excel_lock(target: Path) -> Path:
    """The owner file (``~$name``) Excel keeps beside a file while it has it open.

    Checked on every OS: the file may sit in a shared folder that Excel on Windows has
    open while sgtui runs on Linux, where nothing would stop the replace.
    """
    return target.with_name(f"~${target.name}")


def open_elsewhere(target: Path) -> ExportError:
    """The sentence for a file Excel (or another program) holds open: close it, then retry."""
    return ExportError(
        f"{target} is open in Excel or another program: close it in Excel first; nothing was written"
    )


def _replace(temp: Path, target: Path) -> None:
    """Rename ``temp`` over ``target``; Windows refuses while a program holds ``target`` open.

    Its PermissionError names the hidden temporary file, which means nothing to an officer.
    """
    try:
        os.replace(temp, target)
    except PermissionError:
        if target.exists():
            raise open_elsewhere(target) from None
        raise


def write_failure(target: Path, exc: OSError) -> ExportError:
    """One sentence a BSO can act on for a write that failed part way (disk full, ...).

    Only the file the officer chose is named (never a record's contents), and the
    temporary file has already gone, so the sentence can say nothing was written.
    """
    return ExportError(f"cannot write {target}: {_reason(target.parent, exc)}; nothing was written")


def scratch_failure(exc: OSError) -> ExportError:
    """The same sentence when the system's temporary folder fails while rows are streamed.

    openpyxl streams a workbook's rows through files there before the workbook is
    written, so a full system disk is a different fix from a full target folder.
    """
    folder = Path(tempfile.gettempdir())
    return ExportError(
        f"cannot prepare the export in the temporary folder: {_reason(folder, exc)};"
        " nothing was written"
    )


def _reason(folder: Path, exc: OSError) -> str:
    if exc.errno in _DISK_FULL:
        return f"the disk holding {folder} is full"
    if exc.errno == errno.EROFS:
        return f"the folder {folder} is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write in {folder}"
    return exc.strerror or type(exc).__name__


_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
"""Out of space, or over the user's disk quota (no EDQUOT on Windows)."""


def _read_only(folder: Path) -> bool:
    """True when ``folder`` is on a read-only filesystem (POSIX only; Windows: False)."""
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _make_temp(target: Path) -> Path:
    """An empty owner-only file in the target's folder (same filesystem, so rename is atomic)."""
    folder = target.parent
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise write_failure(target, exc) from None
    os.close(handle)
    return Path(name)
