"""A required choice whose own value reads like "clear the field" (a meeting's minutes "None")."""

from __future__ import annotations

import pytest

from sgtui.services import editing
from sgtui.services.context import Services
from sgtui.services.errors import ValidationError


def test_a_required_choice_takes_its_own_none_and_refuses_a_blank(svc: Services) -> None:
    with svc.session() as s:
        meeting = editing.create(
            s,
            svc,
            "meeting",
            {"title": "GP forum", "meeting_date": "20/03/2025", "minutes_status": "None"},
        )
        assert meeting.minutes_status == "none"
        editing.update(s, svc, "meeting", meeting.id, {"minutes_status": "Draft"})
        editing.update(s, svc, "meeting", meeting.id, {"minutes_status": "none"})
        assert meeting.minutes_status == "none"
        for blank in ("-", ""):
            with pytest.raises(ValidationError) as caught:
                editing.update(s, svc, "meeting", meeting.id, {"minutes_status": blank})
            assert caught.value.errors == {"minutes_status": "is required"}
