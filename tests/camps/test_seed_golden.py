"""The seed debate's camps read exactly as they did before camps belonged to a debate.

The expected values were recorded from the code of the day camps were still a site-wide
list of four (commit 29bbd80): the "who answers whom" table (its labels, each cell's
counts, link and words for screen readers) on the overview and answers pages, and the
search facets of two searches in the seed debate. Camps are rows of the seed debate now;
its pages must not change.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class TableText(HTMLParser):
    """The camp table as rows of cells, each cell its text and its link (if any)."""

    def __init__(self):
        super().__init__()
        self.rows, self.inside, self.cell, self.href = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "camp-table" in attrs.get("class", ""):
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell, self.href, self.shade = [], None, attrs.get("class") if tag == "td" else None
        elif self.inside and tag == "a" and self.cell is not None:
            self.href = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "table" and self.inside:
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            text = " ".join(" ".join(self.cell).split())
            self.rows[-1].append((text, self.href, self.shade))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_of(html):
    parser = TableText()
    parser.feed(html)
    return parser.rows


def hint_of(html):
    found = re.search(r'<p class="hint">(\d+\s+more\s+answers?\s+involves?.*?)</p>', html, re.S)
    return " ".join(found.group(1).split()) if found else None


def test_the_seed_camp_table_reads_as_before(client, seed):
    for name in ("arguments:overview", "arguments:answers"):
        html = client.get(reverse(name, args=[seed.slug])).text
        assert table_of(html) == SEED_TABLE, name
        assert hint_of(html) == SEED_LEFT_OUT, name


def test_a_chosen_cell_of_the_seed_lists_as_many_arguments_as_before(client, seed):
    url = reverse("arguments:answers", args=[seed.slug])
    for (source, target), count in SEED_CELLS.items():
        response = client.get(url, {"from": source, "to": target})
        assert response.context["page"].paginator.count == count, (source, target)
        assert response.context["from_label"] and response.context["to_label"]


def facets_of(response):
    return [
        (facet.name, facet.label, [(o.value, o.label, o.count) for o in facet.options])
        for facet in response.context["results"].facets
        if facet.name in ("camp", "speaker", "debate")
    ]


def named(facets):
    """Ids differ between databases: the record names the speaker and debate options by
    their labels (a camp's value is its key, which is the same everywhere)."""
    return [
        (name, label, [(value if name == "camp" else text, text, n) for value, text, n in o])
        for name, label, o in facets
    ]


@pytest.mark.parametrize("query", ["pressure", "human rights"])
def test_the_seed_search_facets_read_as_before(client, seed, query):
    response = client.get(reverse("arguments:search"), {"q": query})
    assert named(facets_of(response)) == SEED_FACETS[query]
    narrowed = client.get(reverse("arguments:search"), {"q": query, "camp": "prc_government"})
    assert named(facets_of(narrowed)) == SEED_FACETS_PRC[query]


# Recorded from the code before camps belonged to a debate (see the module's docstring).
SEED_TABLE = [
    [
        ("answers → Answering camp", None, None),
        ("Rights groups", None, None),
        ("US government", None, None),
        ("PRC government", None, None),
        ("Analysts and press", None, None),
    ],
    [
        ("Rights groups", None, None),
        (
            "Rights groups on Rights groups: 1 attack, 26 supports −1 +26",
            "/d/us-china-human-rights/answers/?from=rights_groups&to=rights_groups",
            "camp-cell camp-cell--heat-0 camp-cell--self",
        ),
        (
            "Rights groups on US government: 0 attacks, 1 support +1",
            "/d/us-china-human-rights/answers/?from=rights_groups&to=us_government",
            "camp-cell camp-cell--heat-1",
        ),
        (
            "Rights groups on PRC government: 7 attacks, 0 supports −7",
            "/d/us-china-human-rights/answers/?from=rights_groups&to=prc_government",
            "camp-cell camp-cell--heat-3",
        ),
        (
            "Rights groups on Analysts and press: 6 attacks, 1 support −6 +1",
            "/d/us-china-human-rights/answers/?from=rights_groups&to=analysts_press",
            "camp-cell camp-cell--heat-3",
        ),
    ],
    [
        ("US government", None, None),
        (
            "US government on Rights groups: 0 attacks, 6 supports +6",
            "/d/us-china-human-rights/answers/?from=us_government&to=rights_groups",
            "camp-cell camp-cell--heat-3",
        ),
        (
            "US government on US government: 2 attacks, 7 supports −2 +7",
            "/d/us-china-human-rights/answers/?from=us_government&to=us_government",
            "camp-cell camp-cell--heat-0 camp-cell--self",
        ),
        (
            "US government on PRC government: 4 attacks, 2 supports −4 +2",
            "/d/us-china-human-rights/answers/?from=us_government&to=prc_government",
            "camp-cell camp-cell--heat-3",
        ),
        (
            "US government on Analysts and press: 1 attack, 0 supports −1",
            "/d/us-china-human-rights/answers/?from=us_government&to=analysts_press",
            "camp-cell camp-cell--heat-1",
        ),
    ],
    [
        ("PRC government", None, None),
        (
            "PRC government on Rights groups: 11 attacks, 0 supports −11",
            "/d/us-china-human-rights/answers/?from=prc_government&to=rights_groups",
            "camp-cell camp-cell--heat-4",
        ),
        (
            "PRC government on US government: 2 attacks, 0 supports −2",
            "/d/us-china-human-rights/answers/?from=prc_government&to=us_government",
            "camp-cell camp-cell--heat-1",
        ),
        (
            "PRC government on PRC government: 1 attack, 21 supports −1 +21",
            "/d/us-china-human-rights/answers/?from=prc_government&to=prc_government",
            "camp-cell camp-cell--heat-0 camp-cell--self",
        ),
        ("· none", None, "camp-cell camp-cell--heat-0"),
    ],
    [
        ("Analysts and press", None, None),
        (
            "Analysts and press on Rights groups: 2 attacks, 1 support −2 +1",
            "/d/us-china-human-rights/answers/?from=analysts_press&to=rights_groups",
            "camp-cell camp-cell--heat-2",
        ),
        (
            "Analysts and press on US government: 1 attack, 2 supports −1 +2",
            "/d/us-china-human-rights/answers/?from=analysts_press&to=us_government",
            "camp-cell camp-cell--heat-2",
        ),
        (
            "Analysts and press on PRC government: 1 attack, 1 support −1 +1",
            "/d/us-china-human-rights/answers/?from=analysts_press&to=prc_government",
            "camp-cell camp-cell--heat-1",
        ),
        (
            "Analysts and press on Analysts and press: 1 attack, 2 supports −1 +2",
            "/d/us-china-human-rights/answers/?from=analysts_press&to=analysts_press",
            "camp-cell camp-cell--heat-0 camp-cell--self",
        ),
    ],
]
SEED_LEFT_OUT = (
    "18 more answers involve editorial connectors, readers' claims or speakers outside these"
    " four camps, and are not counted here."
)
SEED_CELLS = {
    ("analysts_press", "analysts_press"): 3,
    ("analysts_press", "prc_government"): 2,
    ("analysts_press", "rights_groups"): 3,
    ("analysts_press", "us_government"): 3,
    ("prc_government", "prc_government"): 22,
    ("prc_government", "rights_groups"): 11,
    ("prc_government", "us_government"): 2,
    ("rights_groups", "analysts_press"): 7,
    ("rights_groups", "prc_government"): 7,
    ("rights_groups", "rights_groups"): 27,
    ("rights_groups", "us_government"): 1,
    ("us_government", "analysts_press"): 1,
    ("us_government", "prc_government"): 6,
    ("us_government", "rights_groups"): 6,
    ("us_government", "us_government"): 9,
}
SEED_FACETS = {
    "human rights": [
        (
            "debate",
            "Debate",
            [
                (
                    "How far should the United States press China on human rights?",
                    "How far should the United States press China on human rights?",
                    70,
                )
            ],
        ),
        (
            "camp",
            "Camp",
            [
                ("rights_groups", "Rights groups", 31),
                ("prc_government", "PRC government", 24),
                ("us_government", "US government", 8),
                ("analysts_press", "Analysts and press", 6),
            ],
        ),
        (
            "speaker",
            "Speaker",
            [
                (
                    "PRC government and official commentary",
                    "PRC government and official commentary",
                    23,
                ),
                ("Rights To All", "Rights To All", 13),
                (
                    "Eight rights groups (letter to Kerry, 2013)",
                    "Eight rights groups (letter to Kerry, 2013)",
                    12,
                ),
                ("Antony Blinken", "Antony Blinken", 3),
                (
                    "Seven rights groups (letter to Clinton, 2009)",
                    "Seven rights groups (letter to Clinton, 2009)",
                    3,
                ),
                ("Hillary Clinton", "Hillary Clinton", 2),
                ("Inter Press Service", "Inter Press Service", 2),
                ("Politico", "Politico", 2),
                (
                    "42 rights groups (letter to Blinken, 2023)",
                    "42 rights groups (letter to Blinken, 2023)",
                    1,
                ),
                (
                    "A senior State Department official (unnamed)",
                    "A senior State Department official (unnamed)",
                    1,
                ),
                ("Freedom House", "Freedom House", 1),
                ("Human Rights Watch", "Human Rights Watch", 1),
                ("Joe Biden", "Joe Biden", 1),
                ("Minxin Pei", "Minxin Pei", 1),
                (
                    "The Asia Business Daily (Asia Economy)",
                    "The Asia Business Daily (Asia Economy)",
                    1,
                ),
                ("US Department of State", "US Department of State", 1),
                ("Xi Jinping", "Xi Jinping", 1),
            ],
        ),
    ],
    "pressure": [
        (
            "debate",
            "Debate",
            [
                (
                    "How far should the United States press China on human rights?",
                    "How far should the United States press China on human rights?",
                    4,
                )
            ],
        ),
        (
            "camp",
            "Camp",
            [
                ("rights_groups", "Rights groups", 2),
                ("prc_government", "PRC government", 1),
                ("us_government", "US government", 1),
            ],
        ),
        (
            "speaker",
            "Speaker",
            [
                ("Antony Blinken", "Antony Blinken", 1),
                (
                    "Eight rights groups (letter to Kerry, 2013)",
                    "Eight rights groups (letter to Kerry, 2013)",
                    1,
                ),
                (
                    "PRC government and official commentary",
                    "PRC government and official commentary",
                    1,
                ),
                ("Rights To All", "Rights To All", 1),
            ],
        ),
    ],
}
SEED_FACETS_PRC = {
    "human rights": [
        (
            "debate",
            "Debate",
            [
                (
                    "How far should the United States press China on human rights?",
                    "How far should the United States press China on human rights?",
                    24,
                )
            ],
        ),
        ("camp", "Camp", [("prc_government", "PRC government", 24)]),
        (
            "speaker",
            "Speaker",
            [
                (
                    "PRC government and official commentary",
                    "PRC government and official commentary",
                    23,
                ),
                ("Xi Jinping", "Xi Jinping", 1),
            ],
        ),
    ],
    "pressure": [
        (
            "debate",
            "Debate",
            [
                (
                    "How far should the United States press China on human rights?",
                    "How far should the United States press China on human rights?",
                    1,
                )
            ],
        ),
        ("camp", "Camp", [("prc_government", "PRC government", 1)]),
        (
            "speaker",
            "Speaker",
            [
                (
                    "PRC government and official commentary",
                    "PRC government and official commentary",
                    1,
                )
            ],
        ),
    ],
}
