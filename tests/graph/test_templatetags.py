"""The template tags: the one pro/con mark, the impact chart's spoken label, source dates."""

from datetime import date

import pytest
from django.template import Context, Template

from arguments.selectors.focus import VoteSummary
from corpus.models import Source


def render(template, **context):
    html = Template("{% load impact stances %}" + template).render(Context(context))
    return " ".join(html.split())


@pytest.mark.parametrize(
    ("stance", "side", "sign", "word"),
    [
        ("support", "pro", "+", "Pro"),
        ("attack", "con", "−", "Con"),
        ("undercut", "con", "−", "Undercut"),
    ],
)
def test_each_stance_has_its_sign_side_and_word(stance, side, sign, word):
    mark = f'<span class="mark mark--{side}" aria-hidden="true">{sign}</span>'
    assert render("{% stance_mark stance %}", stance=stance) == mark
    # Spoken: the sign stays decoration, the word is there for screen readers.
    spoken = render("{% stance_mark stance spoken=True %}", stance=stance)
    assert spoken == f'{mark} <span class="visually-hidden">{word}:</span>'
    assert render("{{ stance|side }}", stance=stance) == side


def test_the_printed_mark_is_ink_only_and_labelled():
    assert render("{% stance_mark 'attack' printed=True %}") == (
        '<span class="print-map__mark" aria-label="Con">−</span>'
    )


def test_the_mark_adds_no_space_around_itself():
    html = Template("{% load stances %}({% stance_mark 'support' %})").render(Context())
    assert html.startswith("(<span") and html.endswith("</span>)")


def test_the_impact_chart_reads_out_every_level():
    votes = VoteSummary(counts=[0, 2, 0, 1, 0])
    assert render("{{ levels|spoken_levels }}", levels=votes.levels) == (
        "0 (no impact) 0, 1 (slight) 2, 2 (moderate) 0, 3 (strong) 1, 4 (decisive) 0"
    )


@pytest.mark.parametrize(
    ("precision", "shown"), [("year", "2013"), ("month", "2013-04"), ("day", "2013-04-09")]
)
def test_a_sources_date_is_as_precise_as_it_is_known(precision, shown):
    source = Source(published=date(2013, 4, 9), published_precision=precision)
    assert render("{% load dates %}{{ source|published_iso }}", source=source) == shown
