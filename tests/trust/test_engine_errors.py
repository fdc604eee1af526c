"""Database errors never carry record values: the engine hides bound parameters."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from sqlmodel import Session

from sgtui.store.database import Database
from sgtui.store.models import Practice


def test_integrity_error_text_has_no_record_values(db: Database) -> None:
    with Session(db.engine) as session:
        session.add(Practice(ods_code="Y99001", name="Sensitive Name Surgery"))
        session.commit()
    with pytest.raises(sqlalchemy.exc.IntegrityError) as caught, Session(db.engine) as session:
        session.add(Practice(ods_code="Y99001", name="Sensitive Name Surgery"))
        session.commit()
    text = str(caught.value)
    assert "Sensitive Name Surgery" not in text
    assert "[SQL parameters hidden due to hide_parameters=True]" in text
