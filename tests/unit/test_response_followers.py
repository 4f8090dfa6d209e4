"""Who follows a response, and how long their email is kept (domain/response.py): only while a
response they follow can still change."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.domain.response import (
    FINAL_STATUSES,
    ElementLink,
    Links,
    Response,
    contact_still_needed,
    followed_by,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
SID = "01JAAAAAAAAAAAAAAAAAAAAAAA"


def _response(rid: str, status: str, links: Links) -> Response:
    return Response(rid, "demo", status, {"en": "x"}, links, NOW, NOW)  # type: ignore[arg-type]


def test_a_resident_follows_what_answers_their_submission_element_or_option():
    by_id = _response("r1", "planned", Links(submissions=(SID,)))
    by_element = _response("r2", "planned", Links(elements=(ElementLink("a", "platform"),)))
    by_option = _response("r3", "planned", Links(options=("b",)))
    everything = [by_id, by_element, by_option]
    assert followed_by(everything, [("a", "platform", SID)]) == [by_id, by_element]
    assert followed_by(everything, [("b", None, "01JBBBBBBBBBBBBBBBBBBBBBBB")]) == [by_option]
    assert followed_by(everything, [("a", "footpath", "01JBBBBBBBBBBBBBBBBBBBBBBB")]) == []


def test_the_email_is_kept_only_while_a_followed_response_can_change():
    assert not contact_still_needed([])  # nothing answers them: nothing more will be sent
    for status in FINAL_STATUSES:
        assert not contact_still_needed([_response("r", status, Links(options=("a",)))])
    open_one = _response("r2", "under-way", Links(options=("a",)))
    assert contact_still_needed([_response("r1", "done", Links(options=("a",))), open_one])
    assert contact_still_needed([_response("r", "under-study", Links(options=("a",)))])
