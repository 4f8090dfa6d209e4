"""The one text rule (chalicelib/domain/text.py), its JSON Schema pattern, and email addresses."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chalicelib.domain import email_address
from chalicelib.domain import text as text_rules
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.text import TextProblem, TextRule, normalised

TITLE, TEXT = text_rules.TITLE, text_rules.SUBMISSION_TEXT


@pytest.mark.parametrize(
    ("value", "rule", "words"),
    [
        ("\ud800", TITLE, "broken character"),
        ("ok \udfff", TEXT, "broken character"),
        ("a\x00b", TITLE, "control character U+0000"),
        ("a\x00b", TEXT, "only line breaks and tabs are allowed"),
        ("a\x1bb", TEXT, "U+001B"),
        ("a\u0085b", TEXT, "U+0085"),
        ("one\ntwo", TITLE, "U+000A"),  # a title is one line
        ("a\tb", TITLE, "U+0009"),
        ("", TITLE, "must not be empty"),
        ("  \n\t ", TEXT, "must not be empty"),
        ("\u200b\u200b", TEXT, "must not be empty"),  # zero-width spaces
        ("\u2060\ufeff \u00ad", TITLE, "must not be empty"),  # word joiner, BOM, soft hyphen
        ("x" * 201, TITLE, "201 characters long; the limit is 200"),
    ],
)
def test_each_rule_has_its_message_in_words(value, rule, words):
    with pytest.raises(TextProblem) as refused:
        normalised(value, rule)
    message = str(refused.value)
    assert words in message
    assert not re.search(r"[\\^$\[\]]", message.replace("U+", "")), message  # no regex


def test_texts_are_stored_trimmed_nfc_and_with_unix_line_breaks():
    assert normalised("  one\r\ntwo\rthree\t ", TEXT) == "one\ntwo\nthree"
    decomposed = "Cafe\u0301"  # e + combining acute accent
    assert normalised(decomposed, TITLE) == "Caf\u00e9"
    assert normalised("Tāmaki Makaurau", TITLE) == "Tāmaki Makaurau"


def test_length_is_counted_after_normalising_and_before_trimming():
    decomposed = "e\u0301" * 200  # 400 code points, 200 characters once composed
    assert len(normalised(decomposed, TITLE)) == 200
    assert len(normalised("\r\n".join(["x"] * 2500), TEXT)) == 4999  # a line break is one
    with pytest.raises(TextProblem, match="201 characters"):
        normalised(" " + "x" * 200, TITLE)  # as JSON Schema's maxLength counts it


def test_clean_names_the_field():
    with pytest.raises(InvalidInput) as refused:
        text_rules.clean("title.en", "\u200b", TITLE)
    assert refused.value.field == "title.en"
    assert refused.value.message.startswith("title.en must not be empty")
    with pytest.raises(InvalidInput, match="must be text"):
        text_rules.clean("reason", 42, text_rules.REASON)


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=30), multiline=st.booleans())
def test_the_schema_pattern_says_what_the_code_takes(value, multiline):
    """Within the Basic Multilingual Plane, and below the length limit (counted separately)."""
    rule = TextRule(max_chars=1000, multiline=multiline)
    pattern = re.compile(text_rules.json_schema_pattern(rule))
    value = "".join(char for char in value if ord(char) <= 0xFFFF)
    try:
        normalised(value, rule)
        accepted = True
    except TextProblem:
        accepted = False
    # fullmatch: ECMA-262's `$` is the end of the text; Python's also matches before a final \n.
    assert accepted == bool(pattern.fullmatch(value)), ascii(value)


@settings(max_examples=200, deadline=None)
@given(value=st.text(min_size=1, max_size=50))
def test_stored_texts_are_stable(value):
    """What is stored passes the rule again unchanged (so a re-check never changes data)."""
    try:
        stored = normalised(value, TEXT)
    except TextProblem:
        return
    assert normalised(stored, TEXT) == stored
    assert unicodedata.is_normalized("NFC", stored)


@pytest.mark.parametrize(
    "address",
    ["a@b.co", "ann.o'neil+tag@mail.example.org", "x@xn--bcher-kva.de", "a" * 64 + "@b.co"],
)
def test_real_addresses_pass(address):
    assert email_address.problem(address) is None
    assert re.fullmatch(email_address.JSON_SCHEMA_PATTERN, address)


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("a\x00@b.co", "control characters"),
        ("a b@c.de", "spaces"),
        ("a\ufeff@b.co", "spaces"),
        ("ab.co", "exactly one @"),
        ("a@@b.co", "exactly one @"),
        ("@b.co", "before the @"),
        ("a" * 65 + "@b.co", "before the @"),
        ("a<b>@c.de", "must not contain"),
        ("a@localhost", "domain with a dot"),
        ("a@b..co", "empty or over-long part"),
        ("a@-b.co", "letters, digits and hyphens"),
        ("a@b_c.de", "letters, digits and hyphens"),
        ("a@" + "b" * 250 + ".co", "at most 254"),
    ],
)
def test_bad_addresses_are_refused_in_words(address, words):
    problem = email_address.problem(address)
    assert problem is not None and words in problem
    assert not re.fullmatch(email_address.JSON_SCHEMA_PATTERN, address) or len(address) > 254


@settings(max_examples=300, deadline=None)
@given(address=st.emails() | st.text(max_size=40))
def test_the_email_schema_pattern_says_what_the_code_takes(address):
    within_length = len(address) <= email_address.MAX_CHARS
    matches = bool(re.fullmatch(email_address.JSON_SCHEMA_PATTERN, address)) and within_length
    assert matches == (email_address.problem(address) is None), ascii(address)
