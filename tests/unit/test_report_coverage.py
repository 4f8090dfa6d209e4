"""The report's coverage of the agency's responses: submissions, elements and campaigns
answered (campaign links resolved through the campaign detector's members), and the
most-endorsed submissions nobody answered."""

from __future__ import annotations

import json

from chalicelib.domain.report.bundle import build_bundle
from chalicelib.domain.report.campaigns import CampaignDetector
from chalicelib.domain.response import ElementLink, Links, Response
from tests.support.report_fixtures import (
    CONSULTATION,
    LETTER,
    OPTIONS,
    START,
    comment,
    submission_id,
)


def _response(rid: str, links: Links) -> Response:
    return Response(rid, "demo", "planned", {"en": "x"}, links, START, START)


def test_the_detector_says_which_campaign_each_comment_belongs_to():
    detector = CampaignDetector(track_members=True, min_size=3)
    for n in range(4):
        detector.add(submission_id(n), LETTER.format(name=f"Person {n}", town="Mt Eden"), START)
    detector.add(submission_id(10), "Something else entirely about buses at night.", START)
    for n in (20, 21):  # a group too small to be reported
        detector.add(submission_id(n), "Two copies only of this text here.", START)
    (campaign,) = detector.result().clusters
    assert {detector.campaign_of(submission_id(n)) for n in range(4)} == {
        campaign.representative_id
    }
    assert detector.campaign_of(submission_id(10)) is None
    assert detector.campaign_of(submission_id(20)) is None


def test_coverage_counts_what_responses_answer_campaign_links_resolved(tmp_path):
    letters = [
        comment(n, LETTER.format(name=f"Person {n}", town="Mt Eden"), endorsements=1)
        for n in range(5)
    ]
    on_platform = comment(10, "The platform needs shade.", element_id="platform", endorsements=7)
    on_footpath = comment(11, "Wider footpath, please.", element_id="footpath", endorsements=9)
    by_id = comment(12, "Keep the loading zone at Balmoral.", endorsements=2)
    left_alone = comment(13, "What about the night buses on this road?", endorsements=4)
    submissions = [*letters, on_platform, on_footpath, by_id, left_alone]

    # First run: no response yet, so the letters' campaign key is what staff then link.
    first = build_bundle(CONSULTATION, OPTIONS, submissions, tmp_path / "first", responses=[])
    assert first.counts["campaigns"] == 1
    summary = json.loads((tmp_path / "first" / "summary.json").read_text())
    (campaign,) = summary["campaigns"]["clusters"]
    assert summary["coverage"]["submissions"] == {"published": 9, "answered": 0}

    responses = [
        _response("r1", Links(campaigns=(campaign["representative_id"],))),
        _response("r2", Links(elements=(ElementLink("a", "platform"),))),
        _response("r3", Links(submissions=(by_id.id,))),
    ]
    build_bundle(CONSULTATION, OPTIONS, submissions, tmp_path / "second", responses=responses)
    coverage = json.loads((tmp_path / "second" / "summary.json").read_text())["coverage"]
    assert coverage["responses"] == 3
    assert coverage["submissions"] == {"published": 9, "answered": 7}  # 5 letters, 2 linked
    assert coverage["elements"] == {"discussed": 2, "answered": 1}
    assert coverage["campaigns"] == {"reported": 1, "answered": 1}
    assert coverage["unanswered_elements"] == [
        {"option_id": "a", "element_id": "footpath", "submissions": 1, "endorsements": 9}
    ]
    assert [i["id"] for i in coverage["most_endorsed_unanswered"]] == [
        on_footpath.id,
        left_alone.id,
    ]
    html = (tmp_path / "second" / "report.html").read_text()
    assert 'id="coverage"' in html and "Most endorsed, not yet answered" in html
    assert "night buses" in html


def test_an_open_consultation_has_no_coverage_yet(tmp_path):
    build_bundle(CONSULTATION, OPTIONS, [comment(1, "Hello there.")], tmp_path)
    assert "coverage" not in json.loads((tmp_path / "summary.json").read_text())
    assert (
        "Responses are written once the consultation has closed."
        in (tmp_path / "report.html").read_text()
    )


def test_the_staff_unanswered_view_agrees_with_the_report(tmp_path):
    """still_open (the staff "unanswered" view) and with_campaign_members (a response's members
    and count, as written) find the report's campaigns under the report's keys and count what
    is answered as the coverage does."""
    from chalicelib.domain.report.coverage import still_open, with_campaign_members

    letters = [
        comment(n, LETTER.format(name=f"Person {n}", town="Mt Eden"), endorsements=n)
        for n in range(6)
    ]
    others = [
        comment(10, "The platform needs shade.", element_id="platform", endorsements=7),
        comment(11, "What about the night buses on this road?", endorsements=4),
    ]
    published = [*letters, *others]
    build_bundle(CONSULTATION, OPTIONS, published, tmp_path / "report", responses=[])
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    (reported,) = summary["campaigns"]["clusters"]

    found = still_open([], published)
    (campaign,) = found.campaigns
    assert campaign.key == reported["representative_id"]
    assert (campaign.size, campaign.submissions, campaign.endorsements) == (6, 6, 15)
    assert campaign.linked is False
    assert {found.campaign_of[s.id] for s in letters} == {campaign.key}
    assert len(found.left) == 8

    by_campaign = with_campaign_members(
        _response("r1", Links(campaigns=(campaign.key,))), published
    )
    assert by_campaign.answered == 6
    assert by_campaign.campaign_members == {s.id for s in letters}
    assert all(by_campaign.answers(s.option_id, s.element_id, s.id) for s in letters)
    assert not any(by_campaign.answers(s.option_id, s.element_id, s.id) for s in others)
    after = still_open([by_campaign], published)
    assert [s.id for s in after.left] == [s.id for s in others]
    assert after.campaigns[0].linked and after.campaigns[0].submissions == 0

    build_bundle(CONSULTATION, OPTIONS, published, tmp_path / "again", responses=[by_campaign])
    coverage = json.loads((tmp_path / "again" / "summary.json").read_text())["coverage"]
    assert coverage["submissions"]["answered"] == len(published) - len(after.left)
