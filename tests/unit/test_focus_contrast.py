"""The staff pages' focus ring has at least 3:1 contrast with the backgrounds it is drawn on
(WCAG 1.4.11), as read from staff.css."""

from __future__ import annotations

import re

import pytest

from tests.e2e.stack import ROOT

pytestmark = pytest.mark.unit


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    low, high = sorted((_luminance(a), _luminance(b)))
    return (high + 0.05) / (low + 0.05)


def test_staff_focus_ring_contrast():
    css = (ROOT / "frontend" / "css" / "staff.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    assert contrast(var["focus"], var["wash"]) >= 3
    assert contrast(var["focus"], var["paper"]) >= 3
    assert contrast(var["focus-on-dark"], var["ink"]) >= 3  # the header's background
    assert ".staff-header :focus-visible { outline-color: var(--focus-on-dark); }" in css
