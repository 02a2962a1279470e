"""Import and export from the command line and the browser, and the printable map."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from arguments.interchange import aif
from arguments.models import Argument, Citation, Claim, Debate, Role, Stance, Status
from arguments.services import importing as load
from arguments.services.structure import add_argument
from tests.factories import ClaimFactory, UserFactory, debate_with_thesis, member

pytestmark = pytest.mark.django_db

SAMPLES = "tests/fixtures/interchange"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("sample", "fmt", "title", "claims"),
    [
        ("sample.aif.json", "AIF", "Imported map", 4),
        ("sample.argdown", "Argdown", "Quiet or public diplomacy? (sample)", 8),
        ("sample.kialo.txt", "Kialo", "Quiet or public diplomacy? (sample)", 6),
    ],
)
def test_import_command_guesses_the_format_and_prints_a_summary(sample, fmt, title, claims):
    output = run("import_debate", f"{SAMPLES}/{sample}")
    assert f"Read {fmt}" in output
    debate = Debate.objects.get()
    assert debate.title == title
    assert debate.thesis.text == (
        "The US should raise human rights with China publicly and at the top level."
    )
    assert f"{claims} claims" in output and "attacks" in output and "linked" in output
    assert Claim.objects.filter(debate=debate).count() == claims


def test_a_bad_file_names_the_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.kialo.txt"
    bad.write_text("Discussion Title: Broken\n\n1. Thesis.\n1.3.7. Pro: orphan\n")
    with pytest.raises(CommandError, match="line 4"):
        call_command("import_debate", str(bad), "--format", "kialo")
    assert not Debate.objects.exists() and not Claim.objects.exists()


def test_invalid_utf8_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "bad.argdown"
    bad.write_bytes(b"[A]: fine\n[B]: caf\xe9\n")
    with pytest.raises(CommandError, match="line 2: not valid UTF-8"):
        call_command("import_debate", str(bad))


def test_import_into_an_existing_debate(tmp_path):
    debate = debate_with_thesis(slug="target")
    kialo = tmp_path / "more.kialo.txt"
    kialo.write_text(f"Discussion Title: More\n\n1. {debate.thesis.text}\n1.1. Con: A new con.\n")
    output = run("import_debate", str(kialo), "--into", "target")
    con = Claim.objects.get(text="A new con.")
    assert Argument.objects.get(premise_links__claim=con).target_claim == debate.thesis
    assert "Imported into" in output
    assert Debate.objects.count() == 1


def aif_claims(count, bad=None):
    """AIF text of `count` claims each supporting the first; claim `bad` has no text."""
    nodes = [
        {"nodeID": f"c{i}", "type": "I", "text": "" if i == bad else f"Claim {i}."}
        for i in range(count)
    ] + [{"nodeID": f"s{i}", "type": "RA"} for i in range(1, count)]
    edges = [
        {"fromID": end, "toID": to}
        for i in range(1, count)
        for end, to in ((f"c{i}", f"s{i}"), (f"s{i}", "c0"))
    ]
    return json.dumps({"nodes": nodes, "edges": edges}, indent=1)


def test_a_bad_node_in_a_large_aif_file_names_the_node_and_writes_nothing(tmp_path):
    bad = tmp_path / "large.aif.json"
    bad.write_text(aif_claims(5_000, bad=4_321))

    with pytest.raises(CommandError, match="node c4321: I-node has no text"):
        call_command("import_debate", str(bad))

    assert not Debate.objects.exists() and not Claim.objects.exists()


def test_an_import_failing_after_batches_were_written_leaves_nothing(monkeypatch):
    monkeypatch.setattr(load, "BATCH", 3)
    graph = aif.parse(aif_claims(20))
    written = []

    def progress(done, total):
        written.append(done)
        if len(written) == 9:
            raise RuntimeError("the connection dropped")

    with pytest.raises(RuntimeError):
        load.import_graph(graph=graph, progress=progress)

    assert written[-1] > 3 * 3  # several batches of claims and arguments went out first
    assert not Debate.objects.exists()
    assert not Claim.objects.exists() and not Argument.objects.exists()


def test_a_large_aif_file_imports_whole_across_batches(monkeypatch, tmp_path):
    monkeypatch.setattr(load, "BATCH", 7)
    path = tmp_path / "many.aif.json"
    path.write_text(aif_claims(50))

    output = run("import_debate", str(path))

    debate = Debate.objects.get()
    assert "50 claims, 49 supports" in output
    assert debate.thesis.text == "Claim 0."
    assert Argument.objects.filter(debate=debate, target_claim=debate.thesis).count() == 49
    assert sorted(Claim.objects.filter(debate=debate).values_list("key", flat=True)) == sorted(
        f"c{i}" for i in range(50)
    )


def test_export_command_streams_the_same_aif_as_the_download(client, seed, tmp_path):
    target = tmp_path / "out.aif.json"
    call_command("export_debate", seed.slug, "--output", str(target))
    printed = run("export_debate", seed.slug)

    download = client.get(reverse("arguments:export", args=[seed.slug, "aif.json"])).getvalue()

    assert target.read_bytes() == download == printed.encode("utf-8")


def test_export_command_writes_each_format(seed, tmp_path):
    for fmt in ("aif", "argdown", "kialo"):
        target = tmp_path / f"out.{fmt}"
        call_command("export_debate", seed.slug, "--format", fmt, "--output", str(target))
        assert seed.thesis.text in target.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="No debate"):
        call_command("export_debate", "nope")


@pytest.mark.parametrize("suffix", ["aif.json", "argdown", "kialo.txt"])
def test_downloads_carry_the_map_and_a_file_name(client, seed, suffix):
    response = client.get(reverse("arguments:export", args=[seed.slug, suffix]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{seed.slug}.{suffix}"'
    body = response.getvalue()  # streamed when it is not from the cache
    assert seed.thesis.text in body.decode()
    if suffix == "aif.json":
        assert len(json.loads(body)["nodes"]) > 100


def test_unknown_format_and_unreadable_debates_are_404(client, seed):
    assert client.get(f"/d/{seed.slug}/export.docx").status_code == 404
    hidden = debate_with_thesis(slug="class-only", visibility=Debate.Visibility.CLASS)
    assert client.get(reverse("arguments:export", args=[hidden.slug, "argdown"])).status_code == 404
    assert client.get(reverse("arguments:print", args=[hidden.slug])).status_code == 404


def test_a_signed_in_user_starts_a_debate_and_owns_it(client):
    user = UserFactory(username="teacher")
    client.force_login(user)
    response = client.post(
        reverse("arguments:new_debate"),
        {
            "title": "Should schools ban phones?",
            "thesis": "Schools should ban phones.",
            "visibility": "public",
        },
    )
    debate = Debate.objects.get(title="Should schools ban phones?")
    assert response["Location"] == debate.get_absolute_url()
    assert debate.owner == user and debate.thesis.text == "Schools should ban phones."
    assert debate.members.get().role == Role.OWNER


def test_a_new_debate_can_come_from_an_uploaded_file(client):
    client.force_login(UserFactory(username="teacher"))
    with open(f"{SAMPLES}/sample.kialo.txt", "rb") as handle:
        upload = SimpleUploadedFile("map.kialo.txt", handle.read())
    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "Imported", "visibility": "unlisted", "file": upload},
        follow=True,
    )
    debate = Debate.objects.get(title="Imported")
    assert debate.visibility == "unlisted"
    assert Claim.objects.filter(debate=debate).count() == 6
    assert "Imported into" in response.text


def test_a_broken_upload_shows_the_error_and_keeps_the_title(client):
    client.force_login(UserFactory(username="teacher"))
    upload = SimpleUploadedFile("map.json", b'{"nodes": [{"nodeID": 1, "type": "I"}')
    response = client.post(
        reverse("arguments:new_debate"),
        {"title": "Keep this title", "visibility": "public", "file": upload},
    )
    assert response.status_code == 200
    assert "map.json: line 1" in response.text
    assert 'value="Keep this title"' in response.text
    assert not Debate.objects.exists()


def test_the_upload_limit_is_stated_and_enforced(client, monkeypatch):
    from arguments.views import exchange

    monkeypatch.setattr(exchange, "UPLOAD_LIMIT", 10)
    owner = UserFactory(username="owner")
    debate = debate_with_thesis(slug="mine", owner=owner)
    client.force_login(owner)
    page = client.get(reverse("arguments:import", args=[debate.slug]))
    assert "at most" in page.text
    upload = SimpleUploadedFile("big.argdown", b"[A]: a claim that is too long for the limit")
    response = client.post(reverse("arguments:import", args=[debate.slug]), {"file": upload})
    assert "the most accepted is" in response.text


def test_only_owners_import_into_a_debate(client):
    debate = debate_with_thesis(slug="mine")
    client.force_login(member(debate, Role.MODERATOR, username="moderator"))
    upload = SimpleUploadedFile("more.argdown", b"[A]: A claim.\n")
    response = client.post(reverse("arguments:import", args=[debate.slug]), {"file": upload})
    assert response.status_code == 403
    assert Claim.objects.count() == 1


def test_printable_map_numbers_every_claim_and_refers_back_to_linked_ones(client, seed):
    response = client.get(reverse("arguments:print", args=[seed.slug]))
    assert response.status_code == 200
    assert response.text.count('class="print-branch"') == seed.thesis.arguments.count()
    assert "(see 1." in response.text  # linked claims are printed once, then referred to
    assert "break-before: page" in Path("static/css/app.css").read_text()


def test_printable_map_ends_on_cycles(client):
    debate = debate_with_thesis(slug="loop")
    left, right = (
        ClaimFactory(debate=debate, text="Left."),
        ClaimFactory(debate=debate, text="Right."),
    )
    add_argument(
        debate=debate,
        premises=[left],
        stance=Stance.SUPPORT,
        target_claim=debate.thesis,
        status=Status.APPROVED,
    )
    from tests.factories import mutual_attack

    mutual_attack(left, right)
    response = client.get(reverse("arguments:print", args=[debate.slug]))
    assert response.status_code == 200
    assert "(see 1.1)" in response.text


def test_printed_references_always_point_above():
    from arguments.interchange.graph import Edge, Graph, Node
    from arguments.interchange.printing import printable

    nodes = {k: Node(k, k) for k in ("t", "a", "b", "shared")}
    edges = [
        Edge("1", ["a"], "support", "t"),
        Edge("2", ["b"], "attack", "t"),
        Edge("3", ["shared"], "support", "a"),
        Edge("4", ["shared"], "attack", "b"),
    ]
    root, truncated = printable(Graph(nodes=nodes, edges=edges, roots=["t"]))
    assert not truncated
    [a, b] = root.children
    assert (a.number, a.children[0].number, a.children[0].repeat_of) == ("1.1", "1.1.1", "")
    assert (b.children[0].number, b.children[0].repeat_of) == ("1.2.1", "1.1.1")


def test_importing_a_debate_into_itself_cites_nothing_twice(seed, tmp_path):
    path = tmp_path / "again.aif.json"
    thesis = Claim.objects.get(pk=seed.thesis_id)
    excerpt = Citation.objects.exclude(claim=thesis).first().excerpt
    Citation.objects.get_or_create(claim=thesis, excerpt=excerpt)  # the file quotes it again
    call_command("export_debate", seed.slug, "--output", str(path))
    before = Citation.objects.count()

    output = run("import_debate", str(path), "--into", seed.slug)

    assert Claim.objects.filter(debate=seed, text=thesis.text).count() == 1  # matched, reused
    assert Citation.objects.filter(claim=thesis, excerpt=excerpt).count() == 1
    assert Citation.objects.count() > before  # the copied claims cite their quotes
    assert "Imported into" in output
