"""Tests for arguments.interchange.detect.guess_format; no database."""

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arguments.interchange.detect import guess_format
from arguments.interchange.graph import MAX_INPUT_BYTES, FormatError

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sample.aif.json", "aif"),
        ("messy.aif.json", "aif"),
        ("ova.aif.json", "aif"),
        ("sample.argdown", "argdown"),
        ("sample.kialo.txt", "kialo"),
        ("newer.kialo.txt", "kialo"),
    ],
)
def test_every_fixture_is_recognised(name, expected):
    assert guess_format((FIXTURES / name).read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('\ufeff\r\n  {"nodes": []}', "aif"),
        ('{"AIF": {"nodes": [], "edges": []}, "OVA": {}}', "aif"),
        ('{"nodes": [1,}', "aif"),
        ("\ufeffDiscussion Title: T\r\n\r\n1. A\r\n", "kialo"),
        ("discussion title:T", "kialo"),
        ("\n\n1. A thesis\n1.1. Pro: a reason\n", "kialo"),
        ("1.\n    A thesis in the newer form\n", "kialo"),
        ("[Engage]: Quiet diplomacy works.\n  + <Access>: Talks.\n", "argdown"),
        ("[A]\n", "argdown"),
        ("===\ntitle: T\n===\n\n[A]: text\n", "argdown"),
        ("<Argument>: text\n", "argdown"),
        ("# Section\n", "argdown"),
        ("Just a sentence, which Argdown reads as a statement.", "argdown"),
        ("1.5 million people signed.", "argdown"),
        ("10. Not a Kialo outline", "argdown"),
    ],
)
def test_formats_are_told_apart_by_their_opening(text, expected):
    assert guess_format(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (" \r\n\t\n", "empty"),
        ("\ufeff", "empty"),
        ('{"claims": []}', 'without a "nodes" list'),
        ('[{"nodeID": 1}]', "JSON array"),
        ("[]", "JSON array"),
        ("<?xml version='1.0'?><aif/>", "XML or HTML"),
        ("<!DOCTYPE html><html></html>", "XML or HTML"),
        ("PK\x03\x04\x00\x00", "binary"),
    ],
)
def test_what_cannot_be_told_is_an_error_saying_why(text, message):
    with pytest.raises(FormatError, match=message):
        guess_format(text)


def test_input_over_the_size_limit_is_refused():
    with pytest.raises(FormatError, match="larger than"):
        guess_format("1. " + "x" * MAX_INPUT_BYTES)


@pytest.mark.parametrize("depth", [100, 100_000])
def test_nested_json_arrays_are_refused_without_crashing(depth):
    with pytest.raises(FormatError, match="JSON array"):
        guess_format("[" * depth + "]" * depth)


@given(st.text())
def test_any_text_gives_a_format_or_a_format_error(text):
    with contextlib.suppress(FormatError):
        assert guess_format(text) in ("aif", "argdown", "kialo")


@given(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
def test_any_json_object_with_nodes_is_aif(value):
    assert guess_format(json.dumps({**value, "nodes": []})) == "aif"
