"""The camps' palette: every style keeps WCAG AA contrast, reads without colour, and has
its rule in the stylesheet with the same colour."""

import re
from pathlib import Path

from corpus import palette

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()


def test_every_colour_keeps_aa_contrast_on_the_page_backgrounds():
    for style in palette.STYLES:
        for background in palette.BACKGROUNDS:
            assert palette.contrast(style.colour, background) >= 4.5, (style.key, background)


def test_the_contrast_ratio_is_wcags():
    assert round(palette.contrast("#000000", "#ffffff"), 2) == 21.0
    assert palette.contrast("#777777", "#777777") == 1.0


def test_every_style_has_a_pattern_of_its_own_and_a_distinct_colour():
    assert len({s.pattern for s in palette.STYLES}) == len(palette.STYLES)
    assert len({s.colour for s in palette.STYLES}) == len(palette.STYLES)


def test_the_stylesheet_draws_each_style_in_its_colour():
    for style in palette.STYLES:
        rule = re.search(rf"\.camp--{style.key} \{{([^}}]*)\}}", CSS)
        assert rule, style.key
        assert f"color: {style.colour};" in rule.group(1), style.key


def test_the_next_free_style_skips_those_in_use():
    assert palette.next_free([]) == "green"
    assert palette.next_free(["green", "blue"]) == "red"
    assert palette.next_free([s.key for s in palette.STYLES]) == "green"
