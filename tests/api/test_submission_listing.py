"""Listing submissions: newest first, filters, opaque cursors, limits."""

from __future__ import annotations

import pytest


def _post_many(api, count: int, **fields) -> list[str]:
    ids = []
    for n in range(count):
        response = api.comment(text=f"comment {n}", **fields)
        assert response.status_code == 201
        ids.append(response.json_body["id"])
    return ids


def test_listing_is_newest_first_and_pages_without_gaps(api):
    ids = _post_many(api, 23)
    seen, cursor, pages = [], None, 0
    while True:
        path = "/consultations/demo/submissions?limit=10" + (f"&cursor={cursor}" if cursor else "")
        body = api.get(path).json_body
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == sorted(ids, reverse=True)


def test_a_posted_comment_on_a_segment_shows_in_its_filters(api):
    other = api.comment(option_id="b", text="Stop at Valley Road too.").json_body["id"]
    mine = api.comment(element_id="balmoral-platform", text="The platform is too narrow.")
    mine_id = mine.json_body["id"]

    everything = api.get("/consultations/demo/submissions").json_body["items"]
    assert [i["id"] for i in everything] == [mine_id, other]

    by_option = api.get("/consultations/demo/submissions?option=a").json_body["items"]
    assert [i["id"] for i in by_option] == [mine_id]

    path = "/consultations/demo/submissions?option=a&element=balmoral-platform"
    by_element = api.get(path).json_body["items"]
    assert [i["text"] for i in by_element] == ["The platform is too narrow."]

    other_element = api.get("/consultations/demo/submissions?option=a&element=east-trees")
    assert other_element.json_body == {"items": [], "next_cursor": None}


@pytest.mark.parametrize(
    ("query", "field", "status"),
    [
        ("limit=0", "limit", 422),
        ("limit=101", "limit", 422),
        ("limit=ten", "limit", 422),
        ("cursor=bm90LWEtY3Vyc29y", "cursor", 422),
        ("cursor=%25%25%25", "cursor", 422),
        ("element=west-trees", "element", 422),
        ("option=z", "option", 404),
        ("option=a&element=nope", "element", 404),
        ("option=Bad!", "option", 422),
    ],
)
def test_bad_listing_queries_name_the_parameter(api, query, field, status):
    response = api.get(f"/consultations/demo/submissions?{query}")
    assert response.status_code == status, response.json_body
    assert response.json_body["error"]["field"] == field


def test_listing_an_unknown_consultation_is_404(api):
    assert api.get("/consultations/nowhere/submissions").status_code == 404


def test_submission_of_another_consultation_is_not_found_here(api, seed_consultation):
    seed_consultation("elsewhere")
    sid = api.comment(cid="elsewhere").json_body["id"]
    assert api.get(f"/consultations/elsewhere/submissions/{sid}").status_code == 200
    response = api.get(f"/consultations/demo/submissions/{sid}")
    assert response.status_code == 404
    assert response.json_body["error"]["field"] == "submission_id"


def test_unknown_submission_is_404(api):
    assert api.get("/consultations/demo/submissions/01JAAAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert api.get("/consultations/demo/submissions/not-an-id").status_code == 404
