"""Which responses answer a submission, and which plan elements a response marks
(chalicelib/domain/response.py): the one rule behind the public cards, the drawing's marks,
"What you have sent" and the outcome emails."""

from __future__ import annotations

from datetime import UTC, datetime

from chalicelib.domain import public
from chalicelib.domain.response import ElementLink, Links, Response, answered_elements, answering

NOW = datetime(2026, 12, 5, tzinfo=UTC)
SID = "01JD0000000000000000000001"
OTHER = "01JD0000000000000000000002"


def _response(rid: str, links: Links, status: str = "adopted") -> Response:
    return Response(
        id=rid,
        consultation_id="demo",
        status=status,  # type: ignore[arg-type]
        text={"en": "Answer."},
        links=links,
        created_at=NOW,
        updated_at=NOW,
    )


BY_ID = _response("r1", Links(submissions=(SID,)))
BY_ELEMENT = _response("r2", Links(elements=(ElementLink("a", "platform"),)), "planned")
BY_OPTION = _response("r3", Links(options=("b",)))
BY_CAMPAIGN = _response("r4", Links(campaigns=("shade-letter",)))
OTHER_OPTION_ELEMENT = _response("r5", Links(elements=(ElementLink("b", "platform"),)))
ALL = [BY_ID, BY_ELEMENT, BY_OPTION, BY_CAMPAIGN, OTHER_OPTION_ELEMENT]


def test_a_submission_is_answered_by_its_id_its_element_or_its_whole_option():
    assert answering(ALL, "a", "platform", SID) == [BY_ID, BY_ELEMENT]
    assert answering(ALL, "a", None, SID) == [BY_ID]
    assert answering(ALL, "a", "platform", OTHER) == [BY_ELEMENT]
    assert answering(ALL, "b", None, OTHER) == [BY_OPTION]
    assert answering(ALL, "b", "platform", OTHER) == [BY_OPTION, OTHER_OPTION_ELEMENT]
    # the same element id on another option is another element; a campaign is not resolved
    assert answering(ALL, "a", "footpath", OTHER) == []


def test_the_drawing_marks_only_the_elements_a_response_names():
    assert answered_elements(ALL, "a") == {"platform": [BY_ELEMENT]}
    assert answered_elements(ALL, "b") == {"platform": [OTHER_OPTION_ELEMENT]}  # not r3
    both = _response("r6", Links(elements=(ElementLink("a", "platform"), ElementLink("a", "x"))))
    assert answered_elements([BY_ELEMENT, both], "a") == {
        "platform": [BY_ELEMENT, both],
        "x": [both],
    }
    assert answered_elements([], "a") == {}


def test_public_documents_carry_the_answers_as_ids_and_statuses():
    assert public.answer_refs([BY_ID, BY_ELEMENT]) == [
        {"id": "r1", "status": "adopted"},
        {"id": "r2", "status": "planned"},
    ]
