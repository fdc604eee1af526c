"""Chase e-mails as ``.eml`` drafts that Outlook opens ready to send, and the chase recorded.

An ``.eml`` with the ``X-Unsent: 1`` header opens in Outlook (and Thunderbird) as a new
message with To, Subject and body filled in, so the officer reads it, adds anything
personal and presses Send: nothing is sent by sgtui itself. Drafts are written and the
chases recorded in one step: if a file cannot be written, nothing is recorded and the
drafts already written are removed, so the chase log never claims an e-mail that is not
there.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from sgtui.exporters.safety import MARKING, ExportError, atomic_target, check_target
from sgtui.services import chase, les
from sgtui.services.context import Services

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
"""Characters Windows refuses in a file name (and the path separators of both systems)."""


@dataclass(frozen=True)
class ChaseEmails:
    """What one run wrote and whom it could not write to."""

    written: list[Path]
    no_email: list[str]
    """"ODS code Practice" of each outstanding practice skipped for want of an e-mail."""


def draft_chase_emails(
    svc: Services,
    year: str,
    folder: str | Path,
    template: chase.ChaseTemplate,
    *,
    borough_id: int | None = None,
    return_ids: list[int] | None = None,
    force: bool = False,
) -> ChaseEmails:
    """Write a draft for each outstanding practice with an e-mail and record its chase.

    ``return_ids`` narrows the chase list to a selection; ``force`` replaces drafts of the
    same name (otherwise an existing one stops the run before anything is written).
    """
    chase.check_template(template)
    folder = _folder(folder)
    with _removed_on_failure() as written, svc.session() as session:
        scheme = les.get_scheme(session, year)
        found = chase.targets(session, scheme.id or 0, svc.clock.today(), borough_id, return_ids)
        drafts = [
            chase.draft(t, scheme.year, template, MARKING) for t in found if t.email is not None
        ]
        paths = [folder / draft_file_name(d, scheme.year) for d in drafts]
        for path in paths:
            check_target(path, force=force)
        for d, path in zip(drafts, paths, strict=True):
            write_draft(d, path, force=force)
            written.append(path)
        chase.record_chases(session, svc, drafts)
    no_email = [f"{t.ods_code} {t.practice}" for t in found if t.email is None]
    return ChaseEmails(written, no_email)


def _folder(folder: str | Path) -> Path:
    """The folder the drafts go to, ``~`` expanded; it must exist (nothing is made silently)."""
    path = Path(folder).expanduser()
    if not path.is_dir():
        raise ExportError(f"cannot write the chase e-mails: folder {path} does not exist")
    return path


@contextlib.contextmanager
def _removed_on_failure() -> Iterator[list[Path]]:
    """Collect written files; any failure (including the commit) deletes them again."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise


def message(d: chase.Draft) -> EmailMessage:
    """The draft as an e-mail Outlook opens unsent, with To, Subject and a plain-text body."""
    msg = EmailMessage(policy=SMTP)
    msg["To"] = d.to
    msg["Subject"] = d.subject
    msg["X-Unsent"] = "1"
    msg.set_content(d.body)
    return msg


def write_draft(d: chase.Draft, path: Path, *, force: bool = False) -> Path:
    """Write one draft atomically, owner-only (0600), like every other export."""
    with atomic_target(path, force=force) as temp:
        temp.write_bytes(message(d).as_bytes())
    return path


def draft_file_name(d: chase.Draft, year: str) -> str:
    """``G85001 Practice name - LES 2026-27 chase.eml``: safe on Windows and Linux alike."""
    stem = f"{d.target.ods_code} {d.target.practice} - LES {year} chase"
    stem = " ".join(_UNSAFE.sub("-", stem).split()).strip(" .")[:120].rstrip(" .")
    return f"{stem}.eml"
