"""The pre-rendered pages (services/pages.py): a staff change re-renders them in the site bucket,
their data block is the API's answer, and a draft is never rendered."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.staff_api import NEW_CONSULTATION, call, mint

DATA = re.compile(r'<script type="application/json" id="sayso-data">(.*?)</script>', re.S)


def _page(key: str) -> str | None:
    from chalicelib.store import site

    found = site.get(key)
    return None if found is None else found[0].decode()


def _data(html: str) -> dict:
    return json.loads(DATA.search(html).group(1))


def _deploy_site_files() -> None:
    from chalicelib.store import site

    site.put_file("config.json", json.dumps({"api_url": "/api"}).encode(), "application/json")


def test_a_staff_change_re_renders_the_pages_in_the_site_bucket(api, staff_keys):
    from chalicelib.services import pages

    _deploy_site_files()
    pages.publish("demo")
    before = _page("c/demo/en/index.html")
    assert before is not None and "Dominion Road light rail" in before
    assert _page("c/demo/index.html") == before  # the first language is the default
    assert _page("c/demo/mi/o/a.html") is not None

    admin = mint(staff_keys, "admin")
    changed = {"title": {"en": "Dominion Road light rail, <revised>"}}
    response = call(api, "PUT", "/staff/consultations/demo", admin, changed)
    assert response.status_code == 200, response.body

    after = _page("c/demo/en/index.html")
    assert after != before
    assert "Dominion Road light rail, &lt;revised&gt;" in after
    assert "<revised>" not in after.replace(DATA.search(after).group(0), "")
    assert _data(after)["consultation"]["title"]["en"] == changed["title"]["en"]


def test_the_data_block_is_what_the_api_answers(api):
    from chalicelib.services import pages

    _deploy_site_files()
    api.comment(text="Shade on the platform, please </script><script>alert(1)</script>")
    pages.publish("demo")
    html = _page("c/demo/en/o/a.html")
    assert "</script><script>" not in html
    data = _data(html)
    answered = api.get("/consultations/demo").json_body
    for document in (data["consultation"], answered):
        document.pop("accepting_submissions")
    assert data["consultation"] == answered
    option = api.get("/consultations/demo/options/a").json_body
    assert option.pop("import_report") is None  # only a staff import answers it
    assert data["option"] == option
    listed = api.get("/consultations/demo/submissions?option=a").json_body
    # Listings never carry a plan (the schema's `plan` is null there); the snapshot leaves it out.
    assert [item.pop("plan") for item in listed["items"]] == [None]
    assert data["comments"]["items"] == listed["items"]
    assert "Shade on the platform" in html.replace(DATA.search(html).group(0), "")
    assert data["config"] == {"api_url": "/api", "consultation": "demo"}


def test_a_draft_is_not_rendered(api, staff_keys):
    from chalicelib.services import pages

    admin = mint(staff_keys, "admin")
    assert call(api, "POST", "/staff/consultations", admin, NEW_CONSULTATION).status_code == 201
    assert pages.publish(NEW_CONSULTATION["id"]) == []
    assert _page(f"c/{NEW_CONSULTATION['id']}/index.html") is None


def test_a_failed_rendering_never_fails_the_staff_change(api, staff_keys, monkeypatch):
    from chalicelib.services import pages

    def broken(cid, now=None):
        raise RuntimeError("S3 is down")

    monkeypatch.setattr(pages, "publish", broken)
    admin = mint(staff_keys, "admin")
    changed = {"summary": {"en": "Stored all the same."}}
    response = call(api, "PUT", "/staff/consultations/demo", admin, changed)
    assert response.status_code == 200, response.body
    assert api.get("/consultations/demo").json_body["summary"] == changed["summary"]


def test_the_report_function_renders_every_page_again_after_a_deployment(api, monkeypatch):
    # What infra/pages.py RenderPages invokes once the pages' deployment has put the plain page
    # back at the root: the root is the rendered consultation page again.
    import app
    from chalicelib.store import site

    site.put_file(
        "config.json",
        json.dumps({"api_url": "/api", "consultation": "demo"}).encode(),
        "application/json",
    )
    site.put_page("index.html", "<!doctype html><p>the plain page</p>")
    answer = app.consolidate({"render_pages": True, "frontend": "a hash"}, None)
    assert answer["rendered"]["demo"] > 0
    root = _page("index.html")
    assert root is not None and "the plain page" not in root
    assert _data(root)["consultation"]["id"] == "demo"

    # A rendering that fails is raised, not swallowed: Lambda retries, then the dead-letter
    # queue's alarm tells someone (infra/pages.py RenderPages).
    from chalicelib.services import pages

    def broken(cid, now=None):
        raise ValueError("a renderer bug")

    monkeypatch.setattr(pages, "publish", broken)
    with pytest.raises(RuntimeError, match="rendering failed for demo"):
        app.consolidate({"render_pages": True, "frontend": "another hash"}, None)
