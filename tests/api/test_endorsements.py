"""Endorsements across tokens (issue 20, item 9): one source minting many resident tokens
cannot give one submission more than SAYSO_ENDORSEMENTS_PER_ITEM_PER_HOUR endorsements an
hour; other sources, and that source's endorsements of other submissions, are unaffected."""

from __future__ import annotations

import dataclasses

from tests.support.sources import from_source


def _endorse(api, sid: str, token: str):
    return api.client.http.post(
        f"/consultations/demo/submissions/{sid}/endorsements",
        headers={"X-Resident-Token": token},
    )


def test_eighteen_tokens_from_one_source_give_one_comment_at_most_the_hourly_limit(
    api, monkeypatch
):
    from chalicelib import config
    from chalicelib.store.models import ResidentMarkRecord
    from infra.environment import default_config

    limit = default_config().endorsements_per_item_per_hour  # what a stack runs with
    limited = dataclasses.replace(config.current(), endorsements_per_item_per_hour=limit)
    sid = api.comment(text="Our street needs a crossing.").json_body["id"]
    other = api.comment(text="And a bench.").json_body["id"]
    with from_source("203.0.113.20"):
        tokens = [api.post("/residents", {}).json_body["token"] for _ in range(18)]
        monkeypatch.setattr(config, "current", lambda: limited)
        answers = [_endorse(api, sid, token) for token in tokens]
        assert _endorse(api, other, tokens[-1]).status_code == 201  # another item: fine
    statuses = [a.status_code for a in answers]
    assert statuses == [201] * limit + [429] * (18 - limit), statuses
    assert "this submission" in answers[-1].json_body["error"]["message"]
    assert api.get(f"/consultations/demo/submissions/{sid}").json_body["endorsements"] == limit
    marks = [m for m in ResidentMarkRecord.scan() if m.sk.startswith("endorsement#")]
    assert sum(sid in m.pk for m in marks) == limit  # a refused one wrote nothing
    with from_source("203.0.113.21"):  # a neighbour on another connection still can
        token = api.post("/residents", {}).json_body["token"]
        assert _endorse(api, sid, token).status_code == 201
