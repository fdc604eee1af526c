"""Steps done without a recorded date: they count as done, and a real date clears the flag."""

from __future__ import annotations

from datetime import date

from sgtui.services import les, practices, reviews, undated
from sgtui.services.context import Services


def test_scrt_flag_is_shown_and_a_real_date_clears_it(svc: Services) -> None:
    with svc.session() as s:
        review = reviews.save_review(
            s, svc, {"ref": "LAM-SAR-2024-01", "review_type": "SAR", "scrt_entered_undated": True}
        )[1]
        assert undated.done(review, "scrt_entered_on")
        assert undated.step_text(review, "scrt_entered_on") == "Yes (date not recorded)"
        assert undated.exported(review, "scrt_entered_on") == "Y"
    with svc.session() as s:
        review = reviews.save_review(
            s,
            svc,
            {"ref": "LAM-SAR-2024-01", "review_type": "SAR", "scrt_entered_on": date(2024, 6, 3)},
        )[1]
        assert (review.scrt_entered_on, review.scrt_entered_undated) == (date(2024, 6, 3), False)
        assert undated.step_text(review, "scrt_entered_on") == "03/06/2024"


def test_undated_named_gp_review_moves_the_les_status_on(svc: Services) -> None:
    with svc.session() as s:
        scheme = les.save_scheme(s, svc, "2024/25", {})[1]
        practice = practices.save_practice(s, svc, {"ods_code": "G00001", "name": "One"})[1]
        values = {"return_received_on": date(2025, 2, 1), "named_gp_reviewed_undated": True}
        ret = les.save_return(s, svc, scheme, practice, values)[1]
        assert ret.status == "named_gp_reviewed"
        # a bulk "mark reviewed" leaves a return already reviewed (undated) alone
        assert les.mark_step(s, svc, [ret.id], "named_gp_reviewed_on", date(2025, 3, 1)) == 0
        assert ret.named_gp_reviewed_on is None
        ret = les.save_return(
            s, svc, scheme, practice, {"payment_authorised_on": date(2025, 3, 7)}
        )[1]
        assert (ret.status, ret.payment_authorised_undated) == ("payment_authorised", False)
        ret = les.save_return(s, svc, scheme, practice, {"named_gp_reviewed_on": date(2025, 3, 5)})[
            1
        ]
        assert (ret.named_gp_reviewed_on, ret.named_gp_reviewed_undated) == (
            date(2025, 3, 5),
            False,
        )
