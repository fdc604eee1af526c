"""The rules that find a person again (:mod:`sgtui.services.namesakes`), without a database.

Places are written by hand: G1 and G2 are practices in borough 1, G3 a practice in
borough 2; "ICB" is an organisation that is neither a practice nor a borough. Every
case is also settled with its ways of writing the name in reverse order, which must not
change the outcome.
"""

from __future__ import annotations

from sgtui.services.namesakes import (
    ELSEWHERE,
    PENDING,
    SEVERAL,
    SHARED,
    KnownPerson,
    PeopleIndex,
    Place,
    Resolution,
    Wanted,
)

G1 = Place("G1", 1, "g1")
G1_BY_NAME = Place("G1", 1, "the smith practice")
G2 = Place("G2", 1, "g2")
G2_BY_NAME = Place("G2", 1, "the jones surgery")
G3 = Place("G3", 2, "g3")
BOROUGH_1 = Place(None, 1, "lambeth")
BOROUGH_1_COUNCIL = Place(None, 1, "lambeth council")
BOROUGH_2 = Place(None, 2, "bexley")
ICB = Place(None, None, "nhs south east london icb")
BLANK = Place()


def stored(key: str, place: Place, email: str | None = None) -> KnownPerson:
    return KnownPerson(key, "Sam Patel", None, None, email, place, key)


def made(want: Wanted, key: str) -> KnownPerson:
    return KnownPerson(key, want.name, None, None, want.email, want.place, key, existing=False)


def outcome(resolution: Resolution) -> str:
    """ "new sam patel|g1", "link sam patel|g1", or "ask <reason>: key, key"."""
    if resolution.ambiguous:
        keys = ", ".join(p.key for p in resolution.candidates)
        return f"ask {resolution.reason}: {keys}"
    return f"{'new' if resolution.new else 'link'} {resolution.key}"


def settle(people: list[KnownPerson], *places: Place, email: str | None = None) -> list[str]:
    """Each place's outcome, in the order given. Settled in reverse order, each place
    must come to the same person, or the same question (the first way of writing a new
    person creates them, so "new" and "link" may swap)."""
    results = []
    for order in (places, places[::-1]):
        index = PeopleIndex()
        for person in people:
            index.add(person)
        wants = [Wanted.of("Sam Patel", place, email) for place in order]
        done = dict(index.resolve_name(wants, made))
        results.append({w.place: done[w] for w in wants})
    forward, backward = results
    assert {p: _who(r) for p, r in forward.items()} == {p: _who(r) for p, r in backward.items()}
    return [outcome(forward[place]) for place in places]


def _who(resolution: Resolution) -> object:
    if resolution.ambiguous:
        return (resolution.reason, sorted(p.key for p in resolution.candidates))
    return resolution.key


def test_namesakes_at_two_practices_of_one_import_are_two_people() -> None:
    assert settle([], G1, G2) == ["new sam patel|g1", "new sam patel|g2"]


def test_a_practice_by_code_and_by_name_is_one_person() -> None:
    assert settle([], G1, G1_BY_NAME) == ["new sam patel|g1", "link sam patel|g1"]


def test_a_blank_organisation_with_one_namesake_links_to_them() -> None:
    assert settle([], G1, BLANK) == ["new sam patel|g1", "link sam patel|g1"]
    assert settle([stored("sam", G3)], BLANK) == ["link sam"]


def test_a_blank_organisation_with_two_namesakes_is_asked_about() -> None:
    assert settle([], G1, G2, BLANK) == [
        "new sam patel|g1",
        "new sam patel|g2",
        f"ask {SEVERAL}: sam patel|g1, sam patel|g2",
    ]


def test_a_borough_links_to_the_one_practice_of_that_borough() -> None:
    assert settle([], G1, BOROUGH_1, G3) == [
        "new sam patel|g1",
        "link sam patel|g1",
        "new sam patel|g3",
    ]
    assert settle([], G1, G2, BOROUGH_1) == [
        "new sam patel|g1",
        "new sam patel|g2",
        f"ask {SEVERAL}: sam patel|g1, sam patel|g2",
    ]


def test_a_borough_written_two_ways_is_one_person() -> None:
    assert settle([], BOROUGH_1, BOROUGH_1_COUNCIL) == [
        "new sam patel|lambeth",
        "link sam patel|lambeth",
    ]


def test_a_stored_person_at_the_same_practice_is_found_again() -> None:
    sam = stored("sam", G1)
    assert settle([sam, stored("other", G3)], G1_BY_NAME) == ["link sam"]


def test_a_lone_stored_namesake_at_another_practice_is_asked_about() -> None:
    """Moved, or someone else of that name: nothing in the data tells."""
    assert settle([stored("sam", G1)], G2) == [f"ask {ELSEWHERE}: sam"]
    assert settle([stored("sam", BOROUGH_2)], G1) == [f"ask {ELSEWHERE}: sam"]


def test_a_stored_namesake_this_import_shows_at_their_practice_is_told_apart() -> None:
    assert settle([stored("sam", G1)], G1, G2) == ["link sam", "new sam patel|g2"]


def test_one_stored_person_that_two_practices_of_the_import_fit_is_asked_about() -> None:
    """A stored Sam with no organisation cannot be both the G1 Sam and the G2 Sam."""
    sam = stored("sam", BLANK)
    assert settle([sam], G1) == ["link sam"]
    assert settle([sam], G1, G2) == [f"ask {SHARED}: sam", f"ask {SHARED}: sam"]
    assert settle([sam], G1, G1_BY_NAME) == ["link sam", "link sam"]


def test_a_vaguer_way_of_writing_a_name_waits_for_the_question() -> None:
    assert settle([stored("sam", G1)], G2, BLANK) == [
        f"ask {ELSEWHERE}: sam",
        f"ask {PENDING}: sam",
    ]


def test_an_organisation_that_is_no_practice_does_not_merge_with_a_practice() -> None:
    """An ICB (or a misspelt practice) beside a practice may be one place or two: ask."""
    assert settle([], ICB) == ["new sam patel|nhs south east london icb"]
    assert settle([], G1, ICB) == ["new sam patel|g1", f"ask {SEVERAL}: sam patel|g1"]
    assert settle([stored("sam", ICB)], ICB) == ["link sam"]
    assert settle([stored("sam", Place(None, None, "oxleas"))], ICB) == [f"ask {ELSEWHERE}: sam"]


def test_a_different_email_is_a_different_person() -> None:
    sam = stored("sam@nhs.example", G1, email="sam@nhs.example")
    assert settle([sam], G1, email="s.patel@nhs.example") == ["new s.patel@nhs.example"]
    assert settle([sam], G2, email="SAM@nhs.example ") == ["link sam@nhs.example"]


def test_the_officers_answers_come_first() -> None:
    index = PeopleIndex()
    sam = stored("sam", G1)
    index.add(sam)
    moved, also = Wanted.of("Sam Patel", G2, None), Wanted.of("Sam Patel", G2_BY_NAME, None)
    done = dict(index.resolve_name([moved, also], made, {moved: Resolution("sam")}))
    assert [outcome(done[moved]), outcome(done[also])] == ["link sam", "link sam"]
    index = PeopleIndex()
    index.add(sam)
    new = Resolution("sam patel|g2", new=True)
    done = dict(index.resolve_name([moved, also], made, {moved: new}))
    assert [outcome(done[moved]), outcome(done[also])] == [
        "new sam patel|g2",
        "link sam patel|g2",
    ]
    assert [p.key for p in index.by_name["sam patel"]] == ["sam", "sam patel|g2"]
