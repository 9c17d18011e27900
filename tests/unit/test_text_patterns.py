"""The text patterns the schema publishes accept exactly what the domain accepts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.candidates.notes import MAX_NOTE_LENGTH, note_text
from domain.errors import InvalidInput
from domain.organisation.org_unit import MAX_ORG_UNIT_NAME, org_unit_name
from entrypoints.http.text_patterns import multi_line, one_line

# The characters where the rules differ: whitespace that is a control character and whitespace
# that is not, control characters that are not whitespace, look-alikes that are neither.
TRICKY = (
    " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u200a\u2028\u202f\u3000"
    "\x00\x07\x7f\x9f\ufeff\u200b"
)
texts = st.text(
    alphabet=st.one_of(st.sampled_from(TRICKY), st.sampled_from("aЖ9-'"), st.characters()),
    max_size=12,
)


def accepted(check, value: str) -> bool:
    try:
        check(value)
    except InvalidInput:
        return False
    return True


def matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern, value) is not None


@settings(max_examples=2000)
@given(texts)
def test_the_one_line_pattern_is_the_org_unit_name_rule(value):
    assert matches(one_line(MAX_ORG_UNIT_NAME), value) == accepted(org_unit_name, value)


@settings(max_examples=2000)
@given(texts)
def test_the_multi_line_pattern_is_the_note_rule(value):
    assert matches(multi_line(MAX_NOTE_LENGTH), value) == accepted(note_text, value)


@pytest.mark.parametrize(
    "value",
    ["a" * MAX_ORG_UNIT_NAME, " " + "a" * MAX_ORG_UNIT_NAME + "\n", "a" * (MAX_ORG_UNIT_NAME + 1)],
)
def test_the_one_line_pattern_counts_the_stripped_length(value):
    assert matches(one_line(MAX_ORG_UNIT_NAME), value) == accepted(org_unit_name, value)


@pytest.mark.parametrize(
    "value", ["a" * MAX_NOTE_LENGTH, "\n\n" + "a" * MAX_NOTE_LENGTH + "\t ", "a" * 10_001]
)
def test_the_multi_line_pattern_counts_the_stripped_length(value):
    assert matches(multi_line(MAX_NOTE_LENGTH), value) == accepted(note_text, value)


@pytest.mark.parametrize(
    ("value", "ok"),
    [("Sales", True), ("  Sales\n", True), ("Sa\nles", False), ("   ", False), ("\x00a", False)],
)
def test_examples_of_one_line_text(value, ok):
    assert matches(one_line(MAX_ORG_UNIT_NAME), value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("line\nline", True), ("tab\there", True), ("\n", False), ("a\x0bb", False)],
)
def test_examples_of_multi_line_text(value, ok):
    assert matches(multi_line(MAX_NOTE_LENGTH), value) is ok
