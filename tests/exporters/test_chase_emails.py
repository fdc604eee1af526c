"""Chase e-mails: an Outlook-ready .eml per outstanding practice, the chase recorded with it.

The dataset (``conftest``): today is 10/03/2025; G85003 Gamma Medical Centre has its
contract sent on 01/04/2024, never signed, nothing back, and was chased on 24/02/2025 and
03/03/2025, so it is the one practice on the 2024/25 chase list.
"""

from __future__ import annotations

import email
import os
from dataclasses import replace
from datetime import date
from email import policy
from pathlib import Path

import pytest
from sqlmodel import select

from sgtui.cli.main import main
from sgtui.exporters import chase_emails
from sgtui.exporters.chase_emails import draft_chase_emails, draft_file_name
from sgtui.exporters.safety import ExportError
from sgtui.services import chase, les
from sgtui.services.context import Services
from sgtui.store.models import LesChase, LesReturn, Practice

GAMMA_SUBJECT = (
    "OFFICIAL-SENSITIVE: GP safeguarding LES 2024/25: signed contract and LES return"
    " outstanding for Gamma Medical Centre (G85003)"
)
GAMMA_BODY = (
    "Dear Practice Manager,\n"
    "\n"
    "Our records show that the signed contract and LES return for the GP safeguarding LES"
    " 2024/25 has not yet reached us for Gamma Medical Centre (G85003).\n"
    "\n"
    "Please send it as soon as you can, or let us know if it is already on its way.\n"
    "\n"
    "Kind regards,\n"
)
CRLF = "\r\n"
"""An .eml file is an Internet message: its lines end CR LF (RFC 5322), as Outlook writes."""
GAMMA_FILE = "G85003 Gamma Medical Centre - LES 2024-25 chase.eml"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the drafts (the test database lives in ``tmp_path``)."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    return folder


@pytest.fixture
def fixed_cli_clock(dataset: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's services run on the test's clock, so "chased today" is 10/03/2025."""
    from sgtui.cli import common

    real = common.open_services
    monkeypatch.setattr(
        common,
        "open_services",
        lambda args, create=True: replace(real(args, create=create), clock=dataset.clock),
    )


def _chases(svc: Services, ods: str) -> tuple[int, date | None, list[str | None]]:
    """(chase count, last chased on, each logged chase's method) of a practice's return."""
    with svc.session() as session:
        ret = session.exec(select(LesReturn).join(Practice).where(Practice.ods_code == ods)).one()
        methods = session.exec(
            select(LesChase.method).where(LesChase.return_id == ret.id).order_by(LesChase.id)
        ).all()
        return ret.chase_count, ret.last_chased_on, list(methods)


def _delta_sent(svc: Services) -> None:
    """Delta Health (no e-mail address) gets its contract sent: now on the chase list too."""
    with svc.session() as session:
        scheme = les.get_scheme(session, "2024/25")
        delta = session.exec(select(Practice).where(Practice.ods_code == "G85004")).one()
        les.save_return(session, svc, scheme, delta, {"contract_sent_on": date(2024, 4, 1)})


def test_a_draft_opens_in_outlook_addressed_and_the_chase_is_recorded(
    dataset: Services, out: Path
) -> None:
    done = draft_chase_emails(dataset, "2024/25", out, chase.ChaseTemplate())
    assert done.written == [out / GAMMA_FILE] and done.no_email == []
    parsed = email.message_from_bytes((out / GAMMA_FILE).read_bytes(), policy=policy.default)
    assert parsed["To"] == "pm3@example.nhs.uk"
    assert parsed["Subject"] == GAMMA_SUBJECT
    assert parsed["X-Unsent"] == "1"
    assert parsed.get_content() == GAMMA_BODY.replace("\n", CRLF)
    assert _chases(dataset, "G85003") == (3, date(2025, 3, 10), [None, "e-mail", "e-mail"])
    if os.name == "posix":
        assert (out / GAMMA_FILE).stat().st_mode & 0o777 == 0o600


def test_practices_without_an_email_are_skipped_and_named(dataset: Services, out: Path) -> None:
    _delta_sent(dataset)
    done = draft_chase_emails(dataset, "2024/25", out, chase.ChaseTemplate())
    assert [p.name for p in done.written] == [GAMMA_FILE]
    assert done.no_email == ["G85004 Delta Health"]
    assert _chases(dataset, "G85004") == (0, None, [])


def test_the_template_from_the_settings_fills_each_placeholder(
    dataset: Services, out: Path
) -> None:
    template = chase.ChaseTemplate("LES {year} {ods}", "{practice}: {outstanding} please")
    draft_chase_emails(dataset, "2024/25", out, template)
    parsed = email.message_from_bytes((out / GAMMA_FILE).read_bytes(), policy=policy.default)
    assert parsed["Subject"] == "OFFICIAL-SENSITIVE: LES 2024/25 G85003"
    assert parsed.get_content() == "Gamma Medical Centre: signed contract and LES return please\r\n"


def test_a_bad_placeholder_stops_before_anything_is_written_or_recorded(
    dataset: Services, out: Path
) -> None:
    with pytest.raises(chase.TemplateError, match=r"body uses \{name\}, which is not one of"):
        draft_chase_emails(dataset, "2024/25", out, chase.ChaseTemplate(body="Hi {name}"))
    assert list(out.iterdir()) == []
    assert _chases(dataset, "G85003")[0] == 2


def test_an_existing_draft_is_not_overwritten_and_nothing_is_recorded(
    dataset: Services, out: Path
) -> None:
    (out / GAMMA_FILE).write_bytes(b"mine")
    with pytest.raises(ExportError, match="already exists"):
        draft_chase_emails(dataset, "2024/25", out, chase.ChaseTemplate())
    assert (out / GAMMA_FILE).read_bytes() == b"mine"
    assert _chases(dataset, "G85003")[0] == 2


def test_a_failed_write_removes_the_drafts_and_records_nothing(
    dataset: Services, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with dataset.session() as session:  # Delta gets an address and a sent contract
        delta = session.exec(select(Practice).where(Practice.ods_code == "G85004")).one()
        delta.email = "pm4@example.nhs.uk"
        session.add(delta)
    _delta_sent(dataset)
    real = chase_emails.write_draft
    calls: list[Path] = []

    def fail_second(d: chase.Draft, path: Path, *, force: bool = False) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise ExportError(f"cannot write {path.name}: the disk is full")
        return real(d, path, force=force)

    monkeypatch.setattr(chase_emails, "write_draft", fail_second)
    with pytest.raises(ExportError, match="the disk is full"):
        draft_chase_emails(dataset, "2024/25", out, chase.ChaseTemplate())
    assert len(calls) == 2 and list(out.iterdir()) == []
    assert _chases(dataset, "G85003")[0] == 2 and _chases(dataset, "G85004")[0] == 0


def test_file_names_are_safe_on_windows() -> None:
    target = chase.ChaseTarget(1, "Y01234", 'A/B: "Surgery"? <Main>. ', None, None, None, "x")
    d = chase.Draft(target, "", "", "")
    assert draft_file_name(d, "2026/27") == "Y01234 A-B- -Surgery- -Main-. - LES 2026-27 chase.eml"


def test_the_cli_writes_the_drafts_and_says_how_many(
    dataset: Services,
    db_url: str,
    out: Path,
    capsys: pytest.CaptureFixture[str],
    fixed_cli_clock: None,
) -> None:
    _delta_sent(dataset)
    argv = ["export", "chase-emails", "--year", "2024/25", "--borough", "Lambeth"]
    assert main([*argv, "-o", str(out), "--db", db_url]) == 0
    assert capsys.readouterr().out == (
        f"Wrote 1 chase e-mail draft to {out} and recorded it as chased today\n"
        "Skipped 1 with no e-mail address: G85004 Delta Health\n"
    )
    assert [p.name for p in out.iterdir()] == [GAMMA_FILE]
    assert _chases(dataset, "G85003")[:2] == (3, date(2025, 3, 10))


def test_the_cli_names_a_missing_folder(
    dataset: Services, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope"
    argv = ["export", "chase-emails", "--year", "2024/25", "-o", str(missing), "--db", db_url]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"sgtui: error: cannot write the chase e-mails: folder {missing} does not exist\n"
    )
    assert _chases(dataset, "G85003")[0] == 2


def test_the_cli_names_a_bad_placeholder_in_the_settings(
    dataset: Services, db_url: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = Path(os.environ["SGTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[chase_email]\nsubject = "Chase {practise}"\n', encoding="utf-8")
    argv = ["export", "chase-emails", "--year", "2024/25", "-o", str(out), "--db", db_url]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"sgtui: error: {config}: the chase e-mail subject uses {{practise}}, which is not"
        " one of {practice}, {ods}, {year}, {outstanding}\n"
    )
    assert list(out.iterdir()) == [] and _chases(dataset, "G85003")[0] == 2
