"""Tests for corpus.cleaning and the committed corpus texts; no database, no Django."""

import hashlib
import shutil
import tomllib
from datetime import date, timedelta
from itertools import pairwise

import pytest

from corpus.cleaning import (
    SOURCES_TOML,
    TEXTS_DIR,
    CleaningError,
    clean_source,
    clean_text,
    load_rules,
    main,
)

SLUGS = [
    "ips-clinton-2009",
    "freedom-house-kerry-2013",
    "prc-rebuttal-2021",
    "blinken-cable-2021",
    "rights-first-2023",
]

# SHA-256 of the five pages as received (corpus/texts/raw/), kept byte for byte.
RAW_SHA256 = {
    "ips-clinton-2009": "21948238a5d4ddb3c6a055ed717de68e1b4147a473339cbf46da50e3423d3209",
    "freedom-house-kerry-2013": "1d210e38adf5cc6214ad4974ea6a53c909bba97942d5a292991a42ff9d215eb7",
    "prc-rebuttal-2021": "3529f0c3721ffe511ed28429d4ab8670767922136a5d1dea89f126c7c498a082",
    "blinken-cable-2021": "1c5cb366d398ffa0eb888ebb791d64edafbbd5a9abed579549fce37ddaa37072",
    "rights-first-2023": "7889a88b5795228cac552d33ef8633ac20f0456542d81e078eed7d39bbbb54ff",
}

# Start of each cleaned text's first paragraph.
FIRST = {
    "ips-clinton-2009": "Seven major U.S. and international rights groups are calling on U.S.",
    "freedom-house-kerry-2013": "Freedom House joined prominent rights groups in calling on",
    "prc-rebuttal-2021": "Less than two months after Joe Biden’s administration took office,",
    "blinken-cable-2021": "[Asia Economy Reporter Yujin Cho] U.S. Secretary of State Tony Blinken",
    "rights-first-2023": "China Visit: Highlighting Human Rights Concerns",
}

# End of each cleaned text's last paragraph.
LAST = {
    "ips-clinton-2009": "ignored are precisely the more contentious ones.'",
    "freedom-house-kerry-2013": "World Uyghur Congress",
    "prc-rebuttal-2021": "and work to build a community with a shared future for mankind.",
    "blinken-cable-2021": "should be considered on a case-by-case basis.",
    "rights-first-2023": "remain at the forefront of international relations.",
}

# Distinctive sentences from the middle of each body.
MIDDLE = {
    "ips-clinton-2009": [
        "'This will be the crucial moment to signal to the Chinese government",
        "Its publication led to the arrest of scholar-activist Liu Xiaobo,",
        "Minxin Pei, a China expert at the Carnegie Endowment for International Peace,",
    ],
    "freedom-house-kerry-2013": [
        # The raw text has a no-break space plus a space after this full stop; keep both.
        "human rights abuses in China.\u00a0 Your visit will set the tone",
        "the U.S. must raise—with equal prominence and confidence—human rights issues",
        "take careful note when the United States is silent.",
    ],
    "prc-rebuttal-2021": [
        "has been shamefully labeled “World Famous Double Standards”",
        "“Turn inward to examine yourself when encountering difficulties.”",
        "“by a boat, half-sunken, a thousand others are sailing;",
    ],
    "blinken-cable-2021": [
        "Politico obtained a lengthy diplomatic cable sent by Blinken on the 16th (local time)",
        '"We must not demand more from other countries than we demand from ourselves,"',
        "Republican Senator Marco Rubio criticized the Biden administration",
    ],
    "rights-first-2023": [
        "On June 18, 2023, United States Secretary of State Antony Blinken is set to visit China,",
        "The 42 human rights groups who penned a letter to Blinken have specifically called on him",
        "Human rights are universal and indivisible.",
    ],
}

# Lines that must survive as paragraphs of their own.
OWN_PARAGRAPHS = {
    "freedom-house-kerry-2013": [
        "April 10, 2013",
        # The address block is one raw line.
        (
            "Secretary of State John Kerry US Department of State"
            " 2201 C Street NW Washington, DC 20520"
        ),
        "Dear Secretary Kerry,",
    ],
    "rights-first-2023": [
        "Calls for Accountability",
        "Trade and Human Rights",
        "1. Communicate Expectations",
        "5. Foster Civil Society Engagement",
        "Conclusion",
    ],
}

# Page furniture seen in the raw pages; compared case-insensitively.
FURNITURE = [
    "Skip to content",
    "Trending Tags",
    "Breaking News",
    "Table of Contents",
    "You might want to read",
    "You May Like",
    "Post navigation",
    "On 2 years Ago",
    "Diplomacy–diplomacy",
    "photo by",
    "illustrative purposes only",
    "Copyright",
    "All rights reserved",
    "Where next?",
    "Browse related news topics",
    "Read the latest news stories",
    "About this publication",
    "Be the first to comment",
    "Leave a Reply",
    "| Freedom House",
    "download a PDF",
    "본문 바로가기",
    "bar_progress",
    "Text Size",
    "Special Coverage",
    "Join us on social",
    "©",
    "•",
]

ACTOR_KINDS = {"organisation", "person", "government", "coalition"}
CAMPS = {"rights_groups", "us_government", "prc_government", "analysts_press"}
GENRES = {"joint_letter", "news_report", "official_commentary", "press_report", "advocacy_article"}
REQUIRED_ACTORS = {
    "amnesty-international",
    "amnesty-international-usa",
    "human-rights-watch",
    "human-rights-first",
    "human-rights-in-china",
    "freedom-house",
    "china-aid",
    "international-campaign-for-tibet",
    "reporters-without-borders",
    "uyghur-american-association",
    "world-uyghur-congress",
    "rights-to-all",
    "letter-2009-groups",
    "letter-2013-groups",
    "letter-2023-groups",
    "us-department-of-state",
    "antony-blinken",
    "hillary-clinton",
    "john-kerry",
    "joe-biden",
    "mike-pompeo",
    "marco-rubio",
    "prc-government",
    "xi-jinping",
    "minxin-pei",
    "politico",
    "inter-press-service",
    "asia-business-daily",
    "senior-state-department-official",
}


def read_raw(slug):
    return (TEXTS_DIR / "raw" / f"{slug}.txt").read_text(encoding="utf-8")


def read_cleaned(slug):
    return (TEXTS_DIR / f"{slug}.txt").read_text(encoding="utf-8")


def paragraphs(text):
    return text.removesuffix("\n").split("\n\n")


@pytest.fixture(scope="module")
def config():
    with open(SOURCES_TOML, "rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def sources(config):
    return {source["slug"]: source for source in config["sources"]}


@pytest.fixture(scope="module")
def actors(config):
    return {actor["slug"]: actor for actor in config["actors"]}


# --- clean_text on small inputs -----------------------------------------------------------


def test_clean_text_keeps_body_lines_word_for_word_and_drops_the_rest():
    raw = (
        "Menu\n  • Heading\n\n  Heading  \n\nFirst  para.\u00a0 “Quoted”—dash.\n\n\n"
        "Share this\n\tLast para.\u00a0\u00a0\nFooter\nMore menu"
    )
    cleaned = clean_text(raw, start="Heading", end="Footer", drop=[r"^Share\b"])
    assert cleaned == "Heading\n\nFirst  para.\u00a0 “Quoted”—dash.\n\nLast para.\n"


def test_clean_text_runs_to_the_end_when_end_is_empty():
    raw = "Title\nBody one\n\n\nBody two\n\n"
    assert clean_text(raw, start="Body one", end="") == "Body one\n\nBody two\n"
    assert clean_text(raw, start="Body one", end=None) == "Body one\n\nBody two\n"


@pytest.mark.parametrize(
    "rules",
    [
        {"start": "Missing", "end": None},
        {"start": "Body", "end": "Missing"},
        {"start": "Body", "end": "Title"},  # end must come after start
        {"start": "Body", "end": None, "drop": [r"^Never there$"]},
        {"start": "Body", "end": "More", "drop": [r"^Body$"]},
    ],
)
def test_clean_text_rejects_rules_that_do_not_fit(rules):
    with pytest.raises(CleaningError):
        clean_text("Title\nBody\nMore\n", **rules)


# --- the committed corpus -----------------------------------------------------------------


def test_rules_cover_exactly_the_five_sources():
    assert list(load_rules()) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_raw_copy_is_the_unmodified_seed_page(slug):
    digest = hashlib.sha256((TEXTS_DIR / "raw" / f"{slug}.txt").read_bytes()).hexdigest()
    assert digest == RAW_SHA256[slug]


@pytest.mark.parametrize("slug", SLUGS)
def test_recleaning_the_raw_text_reproduces_the_committed_text(slug):
    assert clean_source(load_rules()[slug]) == read_cleaned(slug)


def test_main_regenerates_identical_texts_and_check_flags_stale_ones(tmp_path, capsys):
    shutil.copytree(TEXTS_DIR / "raw", tmp_path / "raw")
    shutil.copy(SOURCES_TOML, tmp_path / "sources.toml")

    assert main(["--check", "--texts-dir", str(tmp_path)]) == 1
    assert main(["--texts-dir", str(tmp_path)]) == 0
    for slug in SLUGS:
        assert (tmp_path / f"{slug}.txt").read_text(encoding="utf-8") == read_cleaned(slug)
    assert main(["--check", "--texts-dir", str(tmp_path)]) == 0

    (tmp_path / "ips-clinton-2009.txt").write_text("edited\n", encoding="utf-8")
    assert main(["--check", "--texts-dir", str(tmp_path)]) == 1
    assert "ips-clinton-2009" in capsys.readouterr().err


@pytest.mark.parametrize("slug", SLUGS)
def test_cleaned_text_keeps_key_sentences(slug):
    text = read_cleaned(slug)
    assert paragraphs(text)[0].startswith(FIRST[slug])
    assert paragraphs(text)[-1].endswith(LAST[slug])
    for sentence in MIDDLE[slug]:
        assert sentence in text


@pytest.mark.parametrize("slug", sorted(OWN_PARAGRAPHS))
def test_headings_and_letter_parts_stay_paragraphs_of_their_own(slug):
    found = paragraphs(read_cleaned(slug))
    for line in OWN_PARAGRAPHS[slug]:
        assert line in found


def test_kerry_letter_ends_with_its_eight_signatories(sources, actors):
    signatories = sources["freedom-house-kerry-2013"]["signatories"]
    names = {actors[slug]["name"] for slug in signatories}
    assert len(names) == 8
    assert set(paragraphs(read_cleaned("freedom-house-kerry-2013"))[-8:]) == names


@pytest.mark.parametrize("slug", SLUGS)
def test_cleaned_text_has_no_page_furniture(slug):
    text = read_cleaned(slug).casefold()
    for marker in FURNITURE:
        assert marker.casefold() not in text, marker


def test_furniture_markers_all_occur_in_the_raw_pages():
    raw = "".join(read_raw(slug) for slug in SLUGS).casefold()
    for marker in FURNITURE:
        assert marker.casefold() in raw, marker


@pytest.mark.parametrize("slug", SLUGS)
def test_title_is_metadata_not_a_paragraph(slug, sources):
    assert sources[slug]["title"] not in paragraphs(read_cleaned(slug))


@pytest.mark.parametrize("slug", SLUGS)
def test_paragraphs_are_separated_by_single_blank_lines(slug):
    text = read_cleaned(slug)
    assert text.endswith("\n") and not text.endswith("\n\n")
    for paragraph in paragraphs(text):
        assert paragraph
        assert "\n" not in paragraph
        assert paragraph == paragraph.strip()


@pytest.mark.parametrize("slug", SLUGS)
def test_every_cleaned_paragraph_is_a_raw_line_in_raw_order(slug):
    raw_lines = [line.strip() for line in read_raw(slug).split("\n")]
    position = -1
    for paragraph in paragraphs(read_cleaned(slug)):
        assert paragraph in raw_lines[position + 1 :], paragraph
        position = raw_lines.index(paragraph, position + 1)


# --- sources.toml -------------------------------------------------------------------------


def test_sources_toml_lists_the_required_actors_once_each(config, actors):
    assert len(actors) == len(config["actors"])
    assert REQUIRED_ACTORS - set(actors) == set()


def test_actors_are_well_formed(actors):
    for slug, actor in actors.items():
        assert set(actor) == {"slug", "name", "kind", "camp", "url", "description"}, slug
        assert actor["kind"] in ACTOR_KINDS, slug
        assert actor["camp"] in CAMPS, slug
        assert actor["name"] and actor["description"], slug
        assert actor["url"] == "" or actor["url"].startswith("https://"), slug


def test_every_signatory_is_a_listed_actor(sources, actors):
    for source in sources.values():
        for signatory in source["signatories"]:
            assert signatory in actors, (source["slug"], signatory)


@pytest.mark.parametrize("slug", SLUGS)
def test_source_metadata_is_well_formed(slug, sources):
    source = sources[slug]
    assert source["genre"] in GENRES
    assert source["language"] == "en"
    assert source["title"] and source["note"]
    assert source["url"] == "" or source["url"].startswith("https://")
    published = date.fromisoformat(source["published"])
    match source["published_precision"]:
        case "day":
            pass
        case "month":
            assert published.day == 1
        case "year":
            assert (published.month, published.day) == (1, 1)
        case other:
            pytest.fail(f"unknown precision {other!r}")


def test_sources_are_in_date_order(config):
    def latest_possible(source):
        published = date.fromisoformat(source["published"])
        match source["published_precision"]:
            case "year":
                return published.replace(month=12, day=31)
            case "month":
                next_month = (published.replace(day=28) + timedelta(days=4)).replace(day=1)
                return next_month - timedelta(days=1)
        return published

    for earlier, later in pairwise(config["sources"]):
        assert latest_possible(later) >= date.fromisoformat(earlier["published"]), later["slug"]


def test_signatories_match_the_letters_each_source_carries(sources):
    assert len(sources["freedom-house-kerry-2013"]["signatories"]) == 8
    assert set(sources["ips-clinton-2009"]["signatories"]) == {
        "amnesty-international-usa",
        "human-rights-watch",
        "human-rights-first",
        "human-rights-in-china",
    }
    assert sources["rights-first-2023"]["signatories"] == ["human-rights-watch"]
    assert sources["prc-rebuttal-2021"]["signatories"] == []
    assert sources["blinken-cable-2021"]["signatories"] == []
