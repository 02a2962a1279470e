"""The seed map as audited against its five texts (issue 18): every mended link stays mended,
every sourced claim carries its mapper's note, and the note reaches the focus view."""

import html

import pytest

from arguments.models import Argument, Claim, Status
from arguments.seed.mapfile import MapError, parse_map, read_map
from arguments.services.seed import load_debate_map

MAP = read_map()
CLAIMS = {claim.key: claim for claim in MAP.claims}
LETTERS = {"ips-clinton-2009", "freedom-house-kerry-2013"}


def _links():
    """Every argument of the map as (premise keys, stance, target); an undercutter's target
    is '@' and the key of the argument it undercuts."""
    links = set()
    for argument in MAP.arguments:
        target = argument.target or f"@{argument.target_argument}"
        links.add((tuple(argument.premises), argument.stance, target))
    return links


LINKS = _links()

# Each mended point of the audit, as the link the texts make.
MENDED = [
    # The letters' own pre-emption of the "delicate" worry, not Clinton's agenda.
    (("rights-reinforce-progress",), "attack", "econ-delicate"),
    # The official defends the rights-first approach; tactics are its tools.
    (("case-by-case",), "support", "all-tools"),
    # Rights To All asks for deft diplomacy rooted in a firm stance.
    (("delicate-balance",), "support", "dialogue-rooted"),
    # The 2013 letter's answer to the "dead end".
    (("china-responds",), "attack", "stop-diplomacy"),
    # The 2013 letter names Beijing's belief; the cable answers it.
    (("political-not-principled",), "attack", "politicised"),
    (("acknowledge-flaws",), "attack", "politicised"),
    # Blinken's reply answers the backlash, not only Rubio.
    (("great-nations",), "attack", "backlash"),
    # Pei's inference is undercut; his claim of friction is not denied.
    (("pei-friction",), "attack", "rights-reinforce-progress"),
    (("no-shy",), "attack", "@friction-endangers-progress"),
    (("tougher-elsewhere",), "attack", "@friction-endangers-progress"),
    # Beijing's own evidence supports Beijing's own claim.
    (("mainstream-call",), "support", "china-promotes-rights"),
    (("china-endorses-charter",), "support", "china-promotes-rights"),
    (("xi-safeguard",), "support", "china-promotes-rights"),
    # What the texts say that the map left out.
    (("communicate-expectations",), "support", "feasible"),
    (("mfn-1993", "mfn-1994"), "attack", "signal-linkage"),
    (("sed-topics",), "attack", "not-connected"),
    (("raised-not-linked",), "attack", "@topics-contradict-not-connected"),
    (("tool-degrades",), "attack", "@interest-supports-priority"),
    (("national-interest",), "support", "blinken-top-priority"),
    (("not-expediency",), "attack", "@interests-make-pressing-delicate"),
    # The appeals bear on the thesis themselves, without an editorial connector.
    (("integral-2009",), "support", "thesis"),
    (("freedom-house-call",), "support", "thesis"),
    (("hrw-prioritize",), "support", "thesis"),
]

GONE = [
    (("broad-agenda",), "support", "econ-delicate"),
    (("case-by-case",), "attack", "equal-prominence"),
    (("delicate-balance",), "support", "case-by-case"),
    (("softpedal-weakness",), "attack", "case-by-case"),
    (("no-shy",), "attack", "pei-friction"),
    (("tougher-elsewhere",), "attack", "pei-friction"),
    (("no-meaningful-improvement",), "support", "walls"),
    (("mainstream-call",), "support", "rights-universal"),
    (("rights-universal", "china-endorses-charter"), "attack", "interference"),
    (("xi-safeguard",), "support", "china-endorses-charter"),
    (("not-expediency",), "attack", "practical-interests"),
    (("rights-groups-appeals",), "support", "thesis"),
]


@pytest.mark.parametrize(("premises", "stance", "target"), MENDED)
def test_a_mended_link_is_in_the_map_with_the_texts_stance(premises, stance, target):
    assert (premises, stance, target) in LINKS
    opposite = "attack" if stance == "support" else "support"
    assert (premises, opposite, target) not in LINKS


@pytest.mark.parametrize("link", GONE)
def test_a_misdirected_link_is_gone(link):
    assert link not in LINKS


@pytest.mark.parametrize(
    ("key", "sharpened"),
    [
        ("walls", "toward China"),  # the PRC speaks of US rights diplomacy in general
        ("softpedal-weakness", "proof"),  # the letter says "validating their sense"
        ("pompeo-religious", "condemned"),  # no text reports Pompeo calling for that
    ],
)
def test_wording_no_source_uses_is_not_put_in_a_speakers_mouth(key, sharpened):
    assert sharpened not in CLAIMS[key].text


def test_claims_that_put_words_in_a_speakers_mouth_are_gone():
    # Clinton's hopes for cooperation are not the news agency's "delicate" worry, and no
    # source says the groups urged "each new" Secretary of State.
    assert "broad-agenda" not in CLAIMS
    assert "rights-groups-appeals" not in CLAIMS


def test_editorial_connectors_are_rare_and_thesis_level_reasons_come_from_sources():
    editorial = [claim.key for claim in MAP.claims if claim.speaker is None]
    assert editorial == [MAP.thesis]
    assert CLAIMS["feasible"].speaker == "rights-to-all"


@pytest.mark.parametrize(
    ("key", "hedge"),
    [
        ("cable-targets-critics", "possibly"),
        ("rights-non-negotiable", "From a philosophical standpoint"),
        ("china-needs-consumers", "not insignificant"),
        ("rights-reinforce-progress", "can be reinforced"),
        # Found in the audit of every claim.
        ("econ-delicate", "could be delicate"),
        ("econ-delicate", "according to most experts"),
        ("china-responds", "experience suggests"),
        ("stop-diplomacy", "seems to have reached"),
        ("used-to-pattern", "somewhat"),
        ("honesty-disarms", "can disarm"),
        ("national-interest", "aligns with"),
        ("not-connected", "little evidence"),
    ],
)
def test_hedges_of_the_texts_are_kept_in_the_claims_wording(key, hedge):
    assert hedge in CLAIMS[key].text


@pytest.mark.parametrize("key", ["signal-linkage", "rights-reinforce-progress"])
def test_sentences_the_2009_and_2013_letters_share_cite_both_letters(key):
    assert {quote.source for quote in CLAIMS[key].quotes} == LETTERS


@pytest.mark.parametrize(
    ("key", "sentence"),
    [
        (
            "communicate-expectations",
            "Blinken should clearly articulate the United States’ expectations regarding "
            "human rights, including concrete steps China should take to address the ongoing "
            "violations.",
        ),
        (
            "mfn-1993",
            "In 1993, recently inaugurated President Bill Clinton announced that China’s "
            "most-favored-nation status should be linked to human rights.",
        ),
        (
            "sed-topics",
            "In the U.S.-China Strategic Economic Dialogues that began in 2009, the U.S. has "
            "repeatedly listed human rights as one of the topics for discussion.",
        ),
        (
            "national-interest",
            "Protecting and strengthening democracy and human rights globally aligns with "
            "U.S. national interests and enhances national security",
        ),
        ("rights-reinforce-progress", "We are acutely aware that the U.S. agenda with China"),
    ],
)
def test_what_the_map_left_out_is_quoted_in_full(key, sentence):
    assert any(quote.text.startswith(sentence) for quote in CLAIMS[key].quotes)


def test_every_sourced_claim_has_a_mappers_note():
    for claim in MAP.claims:
        if claim.speaker or claim.quotes:
            assert len(claim.note) >= 40, claim.key


@pytest.mark.parametrize(
    "claim",
    [
        {"key": "c", "text": "C.", "speaker": "letter-2013-groups", "supports": ["t"]},
        {
            "key": "c",
            "text": "C.",
            "supports": ["t"],
            "quotes": [{"source": "freedom-house-kerry-2013", "text": "weakness"}],
        },
        {"key": "c", "text": "C.", "speaker": "letter-2013-groups", "note": "  "},
    ],
)
def test_a_sourced_claim_without_a_note_is_refused_naming_its_key(claim):
    data = {
        "debate": {"slug": "s", "title": "S", "thesis": "t"},
        "claims": [{"key": "t", "text": "T"}, claim],
    }
    with pytest.raises(MapError, match="claim 'c' is sourced but has no mapper's note"):
        parse_map(data)


@pytest.mark.django_db
def test_the_loaded_seed_keeps_every_note_and_accepts_its_thesis_as_its_description_says(seed):
    notes = dict(Claim.objects.filter(debate=seed).values_list("key", "note"))
    assert notes == {claim.key: claim.note for claim in MAP.claims}
    seed.thesis.refresh_from_db()
    assert seed.thesis.label == Claim.Label.IN
    assert f"the thesis is {Claim.Label(seed.thesis.label).label.lower()}" in seed.description


@pytest.mark.django_db
def test_no_editorial_claim_is_the_heaviest_reason_under_any_claim(seed):
    heaviest = {}
    arguments = Argument.objects.filter(
        debate=seed, status=Status.APPROVED, target_claim__isnull=False
    ).prefetch_related("premises")
    for argument in arguments:
        key = (argument.target_claim_id, argument.stance)
        if key not in heaviest or (argument.contribution or 0) > (heaviest[key].contribution or 0):
            heaviest[key] = argument
    assert heaviest
    for argument in heaviest.values():
        assert all(premise.speaker_id for premise in argument.premises.all()), argument.pk


@pytest.mark.django_db
def test_reloading_a_mended_map_rejects_the_old_link_and_claim_and_keeps_their_rows(seed):
    thesis_pros = Argument.objects.filter(debate=seed, target_claim=seed.thesis)
    old = Claim.objects.get(debate=seed, key="feasible")
    mended = read_map()
    mended.claims = [claim for claim in mended.claims if claim.key != "feasible"]
    mended.arguments = [
        argument
        for argument in mended.arguments
        if "feasible" not in argument.premises and argument.target != "feasible"
    ]
    load_debate_map(debate_map=mended)
    old.refresh_from_db()
    assert old.status == Status.REJECTED
    link = thesis_pros.get(premises=old)
    assert link.status == Status.REJECTED
    # The map holding it again brings both back.
    load_debate_map(debate_map=read_map())
    old.refresh_from_db()
    link.refresh_from_db()
    assert (old.status, link.status) == (Status.APPROVED, Status.APPROVED)


@pytest.mark.django_db
def test_the_focus_view_folds_the_note_under_the_quotes(client, seed):
    claim = Claim.objects.get(debate=seed, key="case-by-case")
    page = client.get(claim.get_absolute_url()).content.decode()
    quotes, note = page.index('class="quotes"'), page.index('<details class="mapper-note">')
    assert quotes < note
    assert "<summary>Why it is here</summary>" in page
    assert html.escape(claim.note) in page
    thesis_page = client.get(seed.thesis.get_absolute_url()).content.decode()
    assert "Why it is here" not in thesis_page


@pytest.mark.django_db
def test_the_home_page_shows_how_the_map_stands_as_a_paragraph_of_its_own(client, seed):
    page = client.get("/").content.decode()
    assert '<div class="debate-card__description"><p>Since 2009' in page
    assert "<p>How the map stands: the thesis is accepted" in page
