"""Fuzzing the importers: random and adversarial files through the paths users take.

Property: reading and importing a file either succeeds with a consistent map, or raises
FormatError (the importers' own error, naming the line or node where there is one) and
leaves every table exactly as it was. Inputs are random bytes and text, and mutations of
valid files: the samples in tests/fixtures/interchange and the project's own exports of a
small debate (lines deleted, duplicated, swapped, re-indented, cut short; invalid UTF-8,
huge numbers, deep nesting; for AIF, duplicate ids, missing nodes, cycles, wrong JSON
types).
"""

import io
import json
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from arguments.interchange import aif
from arguments.interchange.formats import FORMATS, read
from arguments.interchange.graph import ATTACK, SUPPORT, Edge, FormatError, Graph, Node, Quote
from arguments.models import Argument, Claim, Debate, Premise
from arguments.selectors.exporting import graph_from_debate
from arguments.services.importing import import_graph
from tests.factories import UserFactory, debate_with_thesis
from tests.fuzzing import IMPORT_EXAMPLES, NASTY, rolled_back, row_counts

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"
SUFFIX_FORMAT = {".json": "aif", ".argdown": "argdown", ".txt": "kialo"}


def _small_debate():
    """A small map as the project exports it: thesis, pros, cons, an undercutter, a linked
    claim, speakers and a quote, with the ids graph_from_debate gives."""
    nodes = {
        "claim-1": Node("claim-1", "The US should press China on human rights in public."),
        "claim-2": Node("claim-2", "Quiet diplomacy freed nobody.", speaker="Human Rights Watch"),
        "claim-3": Node(
            "claim-3",
            "Public pressure is interference.",
            speaker="PRC Ministry",
            quotes=[Quote("internal affairs", "us-hr-diplomacy-should-stop-2021")],
        ),
        "claim-4": Node("claim-4", "Rights are a universal concern."),
        "claim-5": Node("claim-5", "Releases timed to visits change no policy."),
    }
    edges = [
        Edge("argument-1", ["claim-2"], SUPPORT, "claim-1"),
        Edge("argument-2", ["claim-3"], ATTACK, "claim-1"),
        Edge("argument-3", ["claim-4"], ATTACK, "claim-3"),
        Edge("argument-4", ["claim-5"], ATTACK, "argument-1", target_is_edge=True),
        Edge("argument-5", ["claim-4"], SUPPORT, "claim-1"),
    ]
    return Graph(title="Small debate", nodes=nodes, edges=edges, roots=["claim-1"])


def _valid_files():
    files = [
        (path.read_text(encoding="utf-8"), SUFFIX_FORMAT[path.suffix])
        for path in sorted(FIXTURES.iterdir())
    ]
    graph = _small_debate()
    files += [(fmt.emit(graph), name) for name, fmt in FORMATS.items()]
    return files


VALID = _valid_files()


# Mutations of text, line by line


@st.composite
def mutated_lines(draw, text):
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "indent", "cut", "inject", "number", "nest"]
            )
        )
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            pad = draw(st.sampled_from(["", " ", "   ", "\t", " \t", " " * 41, " " * 402]))
            lines[i] = pad + lines[i].lstrip()
        elif op == "cut":
            cut = draw(st.integers(0, len(lines[i])))
            lines = [*lines[:i], lines[i][:cut]]
        elif op == "inject":
            piece = draw(st.one_of(st.sampled_from(NASTY + INJECTED), st.text(max_size=8)))
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + piece + lines[i][at:]
        elif op == "number":
            huge = draw(st.sampled_from(["1" * 5000, "1e99999", "-0", "9" * 30 + ".", "0x1F"]))
            lines[i] = "".join(huge if c.isdigit() else c for c in lines[i][:200])
        else:
            depth = draw(st.sampled_from([50, 199, 201, 1500]))
            lines[i] = lines[i] + "[" * depth + "]" * draw(st.sampled_from([0, depth]))
    return "\n".join(lines)


# Format syntax that, out of place, puzzles a parser.
INJECTED = [
    "{",
    "}",
    "[",
    "]",
    '"',
    ":",
    ",",
    "<",
    ">",
    "+ ",
    "- ",
    "_ ",
    "-> ",
    "<- ",
    "+> ",
    "1.1. Pro: ",
    "1.1.1.1.1.1. Con: ",
    "-> See 1.9.",
    "-> See 1.",
    "(1) ",
    "--",
    "===",
    "#tag",
    "{a: [}",
    '"nodeID": null',
    '"fromID": "1", "toID": "1"',
    "\\u0000",
    "\\ud800",
    "\\",
]


# Mutations of AIF documents, on the decoded JSON tree

WRONG_TYPES = [
    None,
    [],
    {},
    0,
    -1,
    10**40,
    1.5e308,
    True,
    "",
    "x" * 600,
    "a\x00b",
    "\ud800",
    ["1", "2"],
    {"nodeID": "1"},
]


def _paths(tree, prefix=()):
    yield prefix
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _paths(value, (*prefix, index))


def _set(tree, path, value):
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


@st.composite
def mutated_aif(draw, text):
    doc = json.loads(text)
    for _ in range(draw(st.integers(1, 3))):
        nodes = doc.get("nodes") if isinstance(doc, dict) else None
        edges = doc.get("edges") if isinstance(doc, dict) else None
        ids = [n.get("nodeID") for n in nodes or [] if isinstance(n, dict) and "nodeID" in n] or [
            "1"
        ]
        op = draw(st.sampled_from(["type", "drop", "duplicate", "dangling", "cycle", "wrap"]))
        if op == "type":
            paths = [p for p in _paths(doc) if p]
            if paths:
                _set(doc, draw(st.sampled_from(paths)), draw(st.sampled_from(WRONG_TYPES)))
        elif op == "drop":
            holders = [p for p in _paths(doc) if isinstance(_get(doc, p), dict | list)]
            holder = _get(doc, draw(st.sampled_from(holders)))
            if holder:
                key = draw(
                    st.sampled_from(
                        list(holder.keys() if isinstance(holder, dict) else range(len(holder)))
                    )
                )
                del holder[key]
        elif op == "duplicate" and isinstance(nodes, list) and nodes:
            twin = json.loads(json.dumps(draw(st.sampled_from(nodes))))
            if isinstance(twin, dict):
                twin["text"] = draw(st.sampled_from(["Another text.", "\x00", "  "]))
            nodes.append(twin)
        elif op == "dangling" and isinstance(edges, list):
            edges.append({"edgeID": "e-x", "fromID": draw(st.sampled_from(ids)), "toID": "999"})
            edges.append({"edgeID": "e-y", "fromID": 12345, "toID": draw(st.sampled_from(ids))})
        elif op == "cycle" and isinstance(nodes, list) and isinstance(edges, list):
            a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            for n, (source, target) in enumerate(((a, b), (b, a))):
                s = f"cyc-{n}-{len(nodes)}"
                kind = draw(st.sampled_from(["RA", "CA", "MA", "PA", "YA", "??"]))
                nodes.append({"nodeID": s, "text": "Default", "type": kind})
                edges.append({"edgeID": f"{s}-in", "fromID": source, "toID": s})
                edges.append({"edgeID": f"{s}-out", "fromID": s, "toID": target})
        elif op == "wrap":
            doc = draw(st.sampled_from([{"AIF": doc}, [doc], {"nodes": doc}, doc]))
    return json.dumps(doc, indent=draw(st.sampled_from([None, 1])))


def _get(tree, path):
    for step in path:
        tree = tree[step]
    return tree


def _to_bytes(text):
    # Lone surrogates (from JSON escapes or injection) become the bytes a careless writer
    # leaves: invalid UTF-8.
    return text.encode("utf-8", "surrogatepass")


@st.composite
def byte_damage(draw, data):
    op = draw(st.sampled_from(["none", "none", "bad-utf8", "bom", "crlf", "truncate"]))
    if op == "bad-utf8":
        at = draw(st.integers(0, len(data)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]))
        return data[:at] + bad + data[at:]
    if op == "bom":
        return b"\xef\xbb\xbf" + data
    if op == "crlf":
        return data.replace(b"\n", b"\r\n")
    if op == "truncate":
        return data[: draw(st.integers(0, len(data)))]  # may cut a UTF-8 sequence in two
    return data


def _is_aif(text):
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


@st.composite
def adversarial_files(draw):
    """(bytes, format name or None to guess)."""
    text, fmt = draw(st.sampled_from(VALID))
    kind = draw(st.sampled_from(["lines", "lines", "aif", "random", "random-bytes"]))
    if kind == "random":
        text = draw(st.text(max_size=300))
    elif kind == "random-bytes":
        return draw(st.binary(max_size=300)), draw(st.sampled_from([None, *FORMATS]))
    elif kind == "aif" and _is_aif(text):
        text = draw(mutated_aif(text))
    else:
        text = draw(mutated_lines(text))
    data = draw(byte_damage(_to_bytes(text)))
    return data, draw(st.sampled_from([None, fmt, fmt, *FORMATS]))


# The property


def _assert_names_where(error, data):
    """A FormatError says what is wrong and, for a problem at one place, where."""
    message = str(error)
    assert message.strip()
    whole_file = (
        "the file",
        "JSON",
        "not AIF",
        "expected",
        "nodes",
        "no claim",
        "no statement",
        "empty",
        "title",
    )
    assert error.line is not None or error.node or any(w in message for w in whole_file), message


def _assert_consistent(summary, before, into=None):
    """A successful import is one whole debate: a thesis of its own, every argument's
    premises and target in it, the counts it reports, and an export that reads back."""
    debate = Debate.objects.get(pk=summary.debate.pk)
    claims = Claim.objects.filter(debate=debate)
    assert debate.thesis_id is not None and claims.filter(pk=debate.thesis_id).exists()
    new_claims = Claim.objects.count() - before["Claim"]
    generated = 0 if into else 1  # a thesis worded as the title, for several roots
    assert new_claims in (summary.counts["claims"], summary.counts["claims"] + generated)
    if into is not None:
        assert debate == into and debate.thesis_id == into.thesis_id
    assert Argument.objects.count() - before["Argument"] == summary.counts["arguments"]
    for argument in Argument.objects.filter(debate=debate):
        target = argument.target_claim or argument.target_argument
        assert target is not None and target.debate_id == debate.pk
        assert Premise.objects.filter(argument=argument).exclude(claim__debate=debate).count() == 0
    assert not Premise.objects.exclude(argument__debate=debate).filter(claim__debate=debate)
    graph = graph_from_debate(debate)
    again = aif.parse(aif.emit(graph))
    assert len(again.nodes) == claims.count()
    caches["pages"].clear()  # ids come again after a rollback: no page of an earlier example
    for url in (debate.get_absolute_url(), reverse("arguments:outline", args=[debate.slug])):
        assert Client().get(url).status_code == 200, url


def check_import(data, fmt, into=None):
    """Read and import as the browser upload and the command do (into a new debate, or
    into `into`); assert the property."""
    with rolled_back():
        before = row_counts()
        try:
            _, graph = read(data, fmt)
            summary = import_graph(graph=graph, into=into)
        except FormatError as error:
            _assert_names_where(error, data)
            assert row_counts() == before
            return "refused"
        _assert_consistent(summary, before, into)
        return "imported"


@pytest.fixture
def host():
    """A debate a file is added to: its thesis is worded as the samples' thesis."""
    debate = debate_with_thesis(slug="host")
    debate.thesis.text = (
        "The US should raise human rights with China publicly and at the top level."
    )
    debate.thesis.save()
    return debate


# An RA node whose premise is the reason of the RA it points at: a support aimed at an
# argument. The evaluation after the import failed on it (KeyError; a 500 on upload).
SUPPORT_ON_ARGUMENT = json.dumps(
    {
        "nodes": [
            {"nodeID": "c1", "text": "Thesis.", "type": "I"},
            {"nodeID": "c2", "text": "Reason.", "type": "I"},
            {"nodeID": "a1", "text": "Default Inference", "type": "RA"},
            {"nodeID": "u", "text": "Default Inference", "type": "RA"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "c2", "toID": "a1"},
            {"edgeID": "2", "fromID": "a1", "toID": "c1"},
            {"edgeID": "3", "fromID": "c2", "toID": "u"},
            {"edgeID": "4", "fromID": "u", "toID": "a1"},
        ],
    }
).encode()


@settings(max_examples=IMPORT_EXAMPLES)
@given(upload=adversarial_files(), joins=st.booleans())
@example(upload=(SUPPORT_ON_ARGUMENT, None), joins=False)
def test_any_file_imports_whole_or_is_refused_leaving_nothing(host, upload, joins):
    data, fmt = upload
    event(check_import(data, fmt, into=host if joins else None))


@pytest.mark.parametrize(("text", "fmt"), VALID, ids=[f"{f}-{n}" for n, (_, f) in enumerate(VALID)])
def test_the_valid_files_the_fuzzer_starts_from_import(text, fmt):
    assert check_import(text.encode(), None) == "imported"


@st.composite
def nasty_exports(draw):
    """A small map whose words are adversarial, as one of the formats writes it: the
    emitters escape what their format needs, so the nasty text reaches the importer."""
    words = st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=30))
    count = draw(st.integers(1, 5))
    ids = [draw(st.one_of(st.just(f"n{i}"), words)) for i in range(count)]
    ids = list(dict.fromkeys(ids))
    nodes = {
        node_id: Node(
            node_id,
            draw(st.one_of(words, st.just("A plain claim."))),
            speaker=draw(st.one_of(st.just(""), words)),
            quotes=[Quote(draw(words), draw(st.sampled_from(["", "letter-to-kerry-2013"])))]
            if draw(st.booleans())
            else [],
        )
        for node_id in ids
    }
    edges = [
        Edge(f"e{i}", [premise], draw(st.sampled_from([SUPPORT, ATTACK])), ids[0])
        for i, premise in enumerate(ids[1:])
    ]
    graph = Graph(title=draw(words), nodes=nodes, edges=edges, roots=ids[:1])
    name = draw(st.sampled_from(list(FORMATS)))
    text = FORMATS[name].emit(graph)
    if name == "aif" and draw(st.booleans()):
        text = json.dumps(json.loads(text))  # ASCII only: "\u0000" and "\ud800" escapes
    return _to_bytes(text), draw(st.sampled_from([None, name]))


@settings(max_examples=IMPORT_EXAMPLES)
@given(nasty_exports())
def test_an_export_with_adversarial_words_imports_whole_or_is_refused(upload):
    data, fmt = upload
    event(check_import(data, fmt))


# The same property through the two ways in: the command and the browser upload.


@pytest.fixture
def owner_client(client):
    owner = UserFactory(username="importer")
    client.force_login(owner)
    client.owner = owner
    return client


@settings(max_examples=IMPORT_EXAMPLES // 4)
@given(upload=adversarial_files(), posted=st.sampled_from([None, None, None, "xyz", "AIF"]))
@example(
    upload=(b'{"nodes": [{"nodeID": "1", "text": "a\\u0000b", "type": "I"}]}', None), posted=None
)
@example(
    upload=(b'{"nodes": [{"nodeID": "1", "text": "a\\ud800b", "type": "I"}]}', "aif"), posted=None
)
@example(upload=(b"1. Thesis\x00\n1.1. Pro: yes\n", "kialo"), posted=None)
@example(upload=(b"[A]: b", None), posted="xyz")  # a format not offered was a KeyError
def test_the_upload_form_imports_or_redisplays_with_the_error(owner_client, upload, posted):
    data, fmt = upload
    fmt = posted or fmt  # sometimes a format the form does not offer
    with rolled_back():
        before = row_counts()
        response = owner_client.post(
            reverse("arguments:new_debate"),
            {
                "title": "Uploaded",
                "visibility": "public",
                "format": fmt or "",
                "file": SimpleUploadedFile("map.txt", data),
            },
        )
        if response.status_code == 302:
            debate = Debate.objects.get(title="Uploaded")
            assert response["Location"] == debate.get_absolute_url()
            assert debate.owner == owner_client.owner and debate.thesis_id
        else:
            assert response.status_code == 200
            errors = response.context["upload"].errors
            if posted:
                assert "Select a valid choice" in errors["format"][0]
            else:
                (message,) = errors["file"]
                assert message.startswith("map.txt: ") or message == "The submitted file is empty."
            assert response.context["form"]["title"].value() == "Uploaded"  # kept as typed
            assert row_counts() == before


@settings(max_examples=IMPORT_EXAMPLES // 4)
@given(upload=adversarial_files())
@example(
    upload=(b'{"nodes": [{"nodeID": "1", "text": "ok", "type": "I", "speaker": "\\u0000"}]}', None)
)
def test_the_import_command_imports_or_names_the_problem(tmp_path, upload):
    data, fmt = upload
    path = tmp_path / "map.txt"
    path.write_bytes(data)
    options = ["--format", fmt] if fmt else []
    with rolled_back():
        before = row_counts()
        try:
            call_command("import_debate", str(path), *options, stdout=io.StringIO())
        except CommandError as error:
            assert str(error).startswith(f"{path}: ")
            assert row_counts() == before
        else:
            assert Debate.objects.count() == before["Debate"] + 1
