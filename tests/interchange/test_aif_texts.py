"""AIF carries the source texts of a debate's quotes with their offsets (OVA3-style locutions),
so that an export read back keeps its quotes; the importer only ever matches sources it may
list, and makes new ones from the file's texts otherwise (issue 19)."""

import json

import pytest
from django.urls import reverse

from arguments.interchange import aif
from arguments.interchange.formats import FORMATS
from arguments.interchange.graph import MAX_TEXT_CHARS, MAX_TEXTS, FormatError
from arguments.models import Citation, Debate
from arguments.selectors.exporting import graph_from_debate
from arguments.services.importing import import_graph
from corpus.models import DebateSource, Excerpt, Source
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    UserFactory,
    debate_with_thesis,
    pro,
)

pytestmark = pytest.mark.django_db

LETTER = "We urge you to raise the cases.\n\nPressure works. Pressure works.\n"
SECOND = "Pressure works."  # the second occurrence is the one cited


def quoted_debate(visibility=Debate.Visibility.PUBLIC, slug="letters"):
    debate = debate_with_thesis(slug=slug, title="Letters", visibility=visibility)
    reason = ClaimFactory(debate=debate, text="Public pressure frees prisoners.")
    pro(reason, debate.thesis)
    source = SourceFactory(debates=[debate], slug=f"{slug}-letter", title="The letter", text=LETTER)
    start = LETTER.rindex(SECOND)
    excerpt = Excerpt.objects.create(
        source=source, start=start, end=start + len(SECOND), quote=SECOND
    )
    Citation.objects.create(claim=reason, excerpt=excerpt)
    return debate, source, excerpt


def exported(debate):
    return FORMATS["aif"].emit(graph_from_debate(debate, with_texts=True))


def cited(debate):
    """(claim text, source, start, end) of the debate's citations."""
    return sorted(
        (c.claim.text, c.excerpt.source, c.excerpt.start, c.excerpt.end)
        for c in Citation.objects.filter(claim__debate=debate).select_related(
            "claim", "excerpt__source"
        )
    )


def test_the_aif_export_carries_the_texts_and_the_quotes_offsets(client):
    debate, source, excerpt = quoted_debate()

    response = client.get(reverse("arguments:export", args=[debate.slug, "aif.json"]))
    document = json.loads(b"".join(response.streaming_content))

    assert document["texts"] == [
        {"source": source.slug, "title": "The letter", "url": "", "text": LETTER}
    ]
    assert document["text"] == LETTER  # OVA3's analysed text, the debate having one source
    [locution] = document["locutions"]
    assert (locution["source"], locution["start"], locution["end"]) == (
        source.slug,
        excerpt.start,
        excerpt.end,
    )
    l_node = next(n for n in document["nodes"] if n["nodeID"] == locution["nodeID"])
    assert l_node == {"nodeID": locution["nodeID"], "text": SECOND, "type": "L"}
    kinds = {n["nodeID"]: n["type"] for n in document["nodes"]}
    into_ya = [e["toID"] for e in document["edges"] if e["fromID"] == locution["nodeID"]]
    assert [kinds[n] for n in into_ya] == ["YA"]
    claim = [e["toID"] for e in document["edges"] if e["fromID"] == into_ya[0]]
    texts = {n["nodeID"]: n.get("text") for n in document["nodes"]}
    assert [texts[n] for n in claim] == ["Public pressure frees prisoners."]


def test_a_debate_without_quotes_exports_as_before():
    debate = debate_with_thesis(slug="plain")
    pro(ClaimFactory(debate=debate, text="A reason."), debate.thesis)

    document = json.loads(exported(debate))

    assert "texts" not in document and "text" not in document
    assert document["locutions"] == []


def test_export_then_import_keeps_the_quotes_at_their_offsets_in_the_listed_source():
    debate, source, excerpt = quoted_debate()
    graph = FORMATS["aif"].parse(exported(debate))

    copy = import_graph(graph=graph, title="Copy", owner=UserFactory()).debate

    assert cited(copy) == [("Public pressure frees prisoners.", source, excerpt.start, excerpt.end)]
    assert Source.objects.count() == 1  # the listed source is used, not copied


@pytest.mark.parametrize("visibility", [Debate.Visibility.UNLISTED, Debate.Visibility.CLASS])
def test_a_source_the_importer_may_not_list_is_never_used_the_file_text_is(visibility):
    debate, private, excerpt = quoted_debate(visibility=visibility, slug="hidden")
    text = exported(debate)
    stranger = UserFactory(username="stranger")

    summary = import_graph(graph=FORMATS["aif"].parse(text), title="Mine", owner=stranger)

    [(_, source, start, end)] = cited(summary.debate)
    assert source != private
    assert (source.text, start, end) == (LETTER, excerpt.start, excerpt.end)
    assert source.origin == Source.Origin.IMPORT and source.added_by == stranger
    assert private.slug not in source.slug  # nothing of the private source's name shows
    assert not DebateSource.objects.filter(debate=summary.debate, source=private).exists()
    assert DebateSource.objects.filter(debate=summary.debate, source=source).exists()
    assert any("came with the file" in line for line in summary.reports)


def test_a_file_text_nothing_quotes_is_not_stored():
    document = {
        "nodes": [{"nodeID": "1", "type": "I", "text": "A claim."}],
        "edges": [],
        "texts": [{"source": "unused", "text": "Words nobody quotes."}],
    }

    import_graph(graph=aif.parse(json.dumps(document)), title="T", owner=UserFactory())

    assert not Source.objects.exists()


def ova3(locution_text="Bob : Pressure works."):
    return {
        "AIF": {
            "nodes": [
                {"nodeID": "1", "type": "I", "text": "Pressure works."},
                {"nodeID": "2", "type": "I", "text": "Speak up."},
                {"nodeID": "3", "type": "RA", "text": "Default Inference"},
                {"nodeID": "4", "type": "L", "text": locution_text},
                {"nodeID": "5", "type": "YA", "text": "Asserting"},
            ],
            "edges": [
                {"edgeID": "a", "fromID": "1", "toID": "3"},
                {"edgeID": "b", "fromID": "3", "toID": "2"},
                {"edgeID": "c", "fromID": "4", "toID": "5"},
                {"edgeID": "d", "fromID": "5", "toID": "1"},
            ],
            "locutions": [{"nodeID": "4", "start": 13, "end": 28}],
            "participants": [],
        },
        "text": LETTER,
    }


def test_ova3_analysed_text_and_locution_offsets_give_a_quote():
    graph = aif.parse(json.dumps(ova3()))

    [quote] = graph.nodes["1"].quotes
    assert (quote.text, quote.start, quote.end) == (LETTER[13:28], 13, 28)
    assert graph.nodes["1"].speaker == ""  # a quoting locution names no speaker
    summary = import_graph(graph=graph, title="OVA", owner=UserFactory())
    [(_, source, start, end)] = cited(summary.debate)
    assert (source.text[start:end], start) == (LETTER[13:28], 13)


@pytest.mark.parametrize(
    "locution",
    [
        {"nodeID": "4", "start": -1, "end": 5},
        {"nodeID": "4", "start": 5, "end": 10**9},
        {"nodeID": "4", "start": 9, "end": 3},
        {"nodeID": "4", "start": "1", "end": 5},
        {"nodeID": "4", "start": True, "end": 5},
        {"nodeID": "4", "source": "elsewhere", "start": 0, "end": 5},
        {"nodeID": "4", "source": ["x"], "start": 0, "end": 5},
    ],
)
def test_bad_locution_offsets_give_no_quote_and_no_error(locution):
    document = ova3()
    document["AIF"]["locutions"] = [locution]

    graph = aif.parse(json.dumps(document))

    assert graph.nodes["1"].quotes == []
    assert graph.nodes["1"].speaker == "Bob"  # an ordinary locution again


def test_texts_are_bounded():
    many = {
        "nodes": [{"nodeID": "1", "type": "I", "text": "A."}],
        "texts": [{"source": f"s{n}", "text": "t"} for n in range(MAX_TEXTS + 1)],
    }
    with pytest.raises(FormatError, match="texts"):
        aif.parse(json.dumps(many))
    long = {
        "nodes": [{"nodeID": "1", "type": "I", "text": "A."}],
        "texts": [{"source": "s", "text": "x" * (MAX_TEXT_CHARS + 1)}],
    }
    with pytest.raises(FormatError, match="limit"):
        aif.parse(json.dumps(long))
    for bad in ({"source": 3, "text": "t"}, {"source": "s"}, "text", {"source": "", "text": "t"}):
        with pytest.raises(FormatError, match="texts"):
            aif.parse(json.dumps({"nodes": [], "texts": [bad]}))


def test_a_url_of_a_file_text_is_kept_only_when_it_is_a_web_address():
    document = json.loads(exported(quoted_debate(visibility=Debate.Visibility.UNLISTED)[0]))
    document["texts"][0]["url"] = "javascript:alert(1)"

    summary = import_graph(graph=aif.parse(json.dumps(document)), title="T", owner=UserFactory())

    [(_, source, _, _)] = cited(summary.debate)
    assert source.url == ""
