"""Reads for search: claims of every debate the user may find, and the sources' text.

Five queries whatever the size of the debates: the ids of the candidates, the best
RESULT_LIMIT of them, their facet counts (two, `facets.py`), and the best sources. Claims
are ranked and counted among the first CANDIDATES matches (all of them, unless a word
occurs in very many claims; the page then says so). What a user may find is
`permissions.searchable_q`; facet counts are taken over the same rows, so nothing hidden is
ever counted.

Bounds on what one search costs: the text is at most MAX_QUERY_LENGTH characters (a longer
one is refused with a message), near misses use its first NEAR_MISS_WORDS words, are looked
for only in the debates the reader may find (named in the query) and, on SQLite, among at
most SQLITE_NEAR_MISS_ROWS claims; and every query runs under `limits.time_limit`.

PostgreSQL: the trigger-maintained weighted `search_vector` (see `search_index`) matched
with `websearch_to_tsquery('english', …)` through its GIN index, OR pg_trgm's word
similarity on the text (typos and near misses), ranked by `ts_rank` plus that similarity.
SQLite: the FTS5 mirror with the query rewritten by `searchtext.fts5_expression`, ranked
by bm25, OR a Python word similarity registered as an SQL function; without FTS5, every
word by `icontains` (no stemming).
"""

from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    FloatField,
    Func,
    Q,
    Value,
    When,
)
from django.db.models.expressions import Col, RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from arguments.models import Claim
from arguments.permissions import (
    belonging_debates,
    findable_debates,
    listed_sources_q,
    searchable_q,
)
from arguments.search import query as searchtext
from arguments.search.facets import facet_counts, facets, scheme_counts
from arguments.search.filters import ClaimSearchFilter
from arguments.search.forms import SearchForm
from arguments.search.index import fts5_available
from arguments.search.limits import SearchTooSlow, time_limit
from corpus.models import Source

RESULT_LIMIT = 20
CANDIDATES = 500
JUMP_LIMIT = 8
SOURCE_LIMIT = 5
SQLITE_NEAR_MISS = 0.5  # searchtext.word_similarity; pg_trgm's own threshold is 0.6
NEAR_MISS_WORDS = 6  # near misses are looked for with the query's first words only
# Near misses are looked for among the claims of the debates the reader may find, named in
# the query, when there are at most this many of them; past it, among every claim of the
# index, filtered after (one scan either way, and the time limit holds).
NEAR_MISS_DEBATES = 2000
# SQLite's similarity is Python called per row: it is worked out for at most this many
# claims, the newest of those sharing a word's first letters with the query.
SQLITE_NEAR_MISS_ROWS = 2000
SQLITE_PREFIX = 3
TOO_SLOW = (
    "The search took too long and was stopped: narrow it with more or rarer words, "
    "or pick a debate in the facets."
)


class StoredVector(Expression):
    """The `search_vector` column that the triggers keep (not a model field), as a column
    of the query's own table, so that it follows the table's alias into subqueries."""

    output_field = SearchVectorField()

    def __init__(self, model):
        super().__init__()
        self.model = model

    def resolve_expression(self, query=None, *args, **kwargs):
        column = SearchVectorField()
        column.set_attributes_from_name("search_vector")
        column.model = self.model
        return Col(query.get_initial_alias(), column)


def _postgres():
    return connection.vendor == "postgresql"


def _near_text(query):
    return " ".join(query.words[:NEAR_MISS_WORDS])


def _excluded(query, field_name="text"):
    """Rows free of the excluded phrases (the similarity branch would let them back in)."""
    condition = Q()
    for phrase in query.excluded:
        condition &= ~Q(**{f"{field_name}__icontains": " ".join(phrase)})
    return condition


def _fts_ids(table, query):
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query.fts])


def _text_match(query, fields):
    """Without FTS5: every clause by `icontains` on one of `fields`, exclusions excluded."""
    condition = Q()
    for clause in query.parsed.meaningful_clauses:
        alternatives = Q()
        for phrase in clause:
            for name in fields:
                alternatives |= Q(**{f"{name}__icontains": " ".join(phrase)})
        condition &= alternatives
    for phrase in query.excluded:
        for name in fields:
            condition &= ~Q(**{f"{name}__icontains": " ".join(phrase)})
    return condition


@dataclass(frozen=True)
class _Prepared:
    """A parsed query with its text for each engine."""

    parsed: searchtext.Query
    fts: str

    @property
    def excluded(self):
        return self.parsed.excluded

    @property
    def words(self):
        return self.parsed.words


def prepare(text):
    parsed = searchtext.parse(text)
    return _Prepared(parsed, searchtext.fts5_expression(parsed))


def findable_claims(user):
    """Every claim `user` may find across debates."""
    return Claim.objects.filter(searchable_q(user))


def matching_claims(*, claims, query, debates=None, user=None):
    """Those of `claims` whose text matches `query` (a `prepare`d query), unordered.

    Near misses (typos, other spellings) are looked for only when the words themselves
    match none of `claims`: a search that finds its words is not padded with look-alikes,
    and the similarity, costly per row, is not computed over every claim. `debates` (a
    Debate queryset holding every debate of `claims`) lets the near-miss query name them
    as a list of ids (see NEAR_MISS_DEBATES), which the one trigram scan's rows are
    filtered by. On PostgreSQL, `user` (the reader of a search across debates) narrows the
    scan itself to what anyone may find (`search_listed`, with a trigram index of its own)
    and the debates the user belongs to: trigrams of debates the reader cannot find are
    never read.
    One more query, on that path only.
    """
    if not query.parsed:
        return claims.none()
    by_words = _word_match(query)
    near = _near_text(query)
    if not near:
        return claims.filter(by_words)
    # Asked first, in a query of its own: as one OR in the same query, PostgreSQL scans the
    # trigram index for every search, even those whose words match (most of them).
    if claims.filter(by_words).exists():
        return claims.filter(by_words)
    near_claims = claims.filter(_excluded(query))
    if _postgres() and user is not None and not user.is_staff:
        return near_claims.filter(_near_for(user, near))
    if debates is not None:
        ids = list(debates.order_by().values_list("pk", flat=True)[: NEAR_MISS_DEBATES + 1])
        if len(ids) <= NEAR_MISS_DEBATES:
            # A list of values, not a subquery: the planner has the claims' debates
            # without the join, and (EXPLAIN, 1,000 public debates) scans the trigram
            # index once rather than once per debate.
            near_claims = near_claims.filter(debate_id__in=ids)
    if _postgres():
        return near_claims.filter(_near_match(near))
    return _sqlite_near(near_claims, query, near)


def _near_for(user, near):
    """PostgreSQL's near misses for `user`: among the listed claims (approved, in a public
    debate: `search_listed`, whose trigram index holds only those) and, for a signed-in
    user, the claims of the debates they belong to (by id) and their own. What else they
    may find is among these; what they may not is left out by the claims' own condition.
    The listed part is a subquery of its own, so its SQL names its table whatever alias
    the outer query gives the claims. A user of more than NEAR_MISS_DEBATES debates is
    matched among every claim, filtered after (the time limit holds)."""
    listed = Q(
        id__in=RawSQL("SELECT id FROM arguments_claim WHERE search_listed AND text %%> %s", [near])
    )
    if not user.is_authenticated:
        return listed
    ids = list(belonging_debates(user).values_list("pk", flat=True)[: NEAR_MISS_DEBATES + 1])
    if len(ids) > NEAR_MISS_DEBATES:
        return _near_match(near)
    return listed | ((Q(debate_id__in=ids) | Q(author_id=user.pk)) & _near_match(near))


def _sqlite_near(claims, query, near):
    """SQLite's near misses, bounded: the Python similarity is worked out only for the
    SQLITE_NEAR_MISS_ROWS newest of `claims` that share a word beginning (its first
    SQLITE_PREFIX letters, by FTS5) with the query."""
    pool = claims
    if fts5_available():
        beginnings = sorted({w[:SQLITE_PREFIX] for w in query.words[:NEAR_MISS_WORDS]})
        expression = " OR ".join(f'"{b}"*' for b in beginnings)
        pool = pool.filter(
            id__in=RawSQL(
                "SELECT rowid FROM claim_search WHERE claim_search MATCH %s", [expression]
            )
        )
    bounded = pool.order_by("-id").values("id")[:SQLITE_NEAR_MISS_ROWS]
    return claims.filter(id__in=bounded).filter(_near_match(near))


def _tsquery(query):
    return SearchQuery(query.parsed.text, search_type="websearch", config="english")


def _similarity(near):
    if _postgres():
        return TrigramWordSimilarity(near, "text")
    return Func(
        Value(near), F("text"), function="ledger_word_similarity", output_field=FloatField()
    )


def _word_match(query):
    if _postgres():
        return Q(SearchVectorExact(StoredVector(Claim), _tsquery(query)))
    if fts5_available():
        return Q(id__in=_fts_ids("claim_search", query))
    return _text_match(query, ["text"])


def _near_match(near):
    if _postgres():
        return Q(TrigramWordSimilar(F("text"), Value(near)))  # pg_trgm's `%>`, GIN-indexed
    return Q(GreaterThanOrEqual(_similarity(near), SQLITE_NEAR_MISS))


def relevance(query):
    """How well a claim matches: the text rank of its words (weighted), or, for a near miss,
    its word similarity to the query."""
    near = _near_text(query)
    if _postgres():
        rank = SearchRank(StoredVector(Claim), _tsquery(query))
    elif fts5_available():
        # bm25 is negative, smaller is better; matches by words rank above near misses.
        rank = Coalesce(
            RawSQL(
                "(SELECT 1 - bm25(claim_search) FROM claim_search"
                " WHERE claim_search MATCH %s AND rowid = arguments_claim.id)",
                [query.fts],
                output_field=FloatField(),
            ),
            Value(0.0),
        )
    else:
        rank = Value(0.0)
    if not near:
        return rank
    # Matches by words are ordered by their rank; the similarity (costly per row) is worked
    # out only for near misses, which match no word and so have no rank.
    return Case(When(GreaterThan(rank, 0.0), then=rank), default=_similarity(near))


def candidates(claims):
    """At most CANDIDATES of the matching `claims`: what is ranked and counted. Ranking
    and counting every match of a word found in a tenth of 100,000 claims costs more than
    a search may take; past this many, results and counts say "more than"."""
    return Claim.objects.filter(id__in=claims.order_by().values("id")[:CANDIDATES])


@dataclass
class ClaimHit:
    claim: Claim
    snippet: searchtext.Snippet


@dataclass
class DebateHits:
    debate: object
    hits: list = field(default_factory=list)


def best_claims(claims, query, *, limit=RESULT_LIMIT, offset=0):
    """The `limit` most relevant of the `candidates` of `claims` after the first `offset`,
    highlighted (one query)."""
    best = (
        candidates(claims)
        .annotate(relevance=relevance(query))
        .select_related("debate__classroom", "speaker__camp")
        .order_by("-relevance", "pk")[offset : offset + limit]
    )
    return [ClaimHit(claim, searchtext.highlight(claim.text, query.parsed)) for claim in best]


def by_debate(hits):
    """Hits grouped by debate; groups ordered by their best hit, hits keep their rank."""
    groups = {}
    for hit in hits:
        groups.setdefault(hit.claim.debate_id, DebateHits(hit.claim.debate)).hits.append(hit)
    return list(groups.values())


@dataclass
class SourceHit:
    source: Source
    snippet: searchtext.Snippet


def best_sources(query, *, user, published=None, limit=SOURCE_LIMIT):
    """Sources listed to `user` (`permissions.listed_sources_q`) whose title, publisher,
    byline or text match `query`, best first, each with a snippet around its first match
    (one query)."""
    if not query.parsed:
        return []
    sources = Source.objects.filter(listed_sources_q(user)).only(
        "slug", "title", "published", "published_precision", "text"
    )
    if published is not None:
        if published.start:
            sources = sources.filter(published__gte=published.start)
        if published.stop:
            sources = sources.filter(published__lte=published.stop)
    if _postgres():
        vector = StoredVector(Source)
        tsquery = SearchQuery(query.parsed.text, search_type="websearch", config="english")
        sources = sources.filter(SearchVectorExact(vector, tsquery)).annotate(
            relevance=SearchRank(vector, tsquery)
        )
    elif fts5_available():
        sources = sources.filter(id__in=_fts_ids("source_search", query)).annotate(
            relevance=RawSQL(
                "(SELECT -bm25(source_search, 10.0, 5.0, 1.0) FROM source_search"
                " WHERE source_search MATCH %s AND rowid = corpus_source.id)",
                [query.fts],
                output_field=FloatField(),
            )
        )
    else:
        sources = sources.filter(_text_match(query, ["title", "publisher", "text"])).annotate(
            relevance=Value(0.0)
        )
    best = sources.order_by("-relevance", "published")[:limit]
    return [SourceHit(source, searchtext.snippet(source.text, query.parsed)) for source in best]


@dataclass
class Results:
    text: str
    filterset: ClaimSearchFilter
    groups: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    total: int = 0
    shown: int = 0
    error: str = ""
    page: object = None  # the page of the ranked claims shown (django.core.paginator.Page)

    @property
    def more(self):
        """Whether more claims match than were ranked and counted."""
        return self.total >= CANDIDATES

    @property
    def searched(self):
        return bool(self.text.strip())


def find(*, user, data):
    """Search as `/search/` does: `data` holds `q`, the facets and `page` (request.GET;
    RESULT_LIMIT claims to a page among the ranked candidates, a page past the end gives
    the last). Six
    queries when there is something to search (whether the words match, then `_fill`'s
    five; one more for near misses: the ids of the findable debates), none
    otherwise or when the text is refused (too long: `Results.error` says so, and `text`
    keeps it as typed). On PostgreSQL one more sets the time limit, in a transaction of
    its own (`limits.time_limit`); a search stopped by the limit shows no results and an
    error that asks for a narrower one."""
    form = SearchForm(data)
    if not form.is_valid():
        typed = data.get("q", "")
        filterset = ClaimSearchFilter(data, queryset=Claim.objects.none(), user=user)
        return Results(text=typed.strip(), filterset=filterset, error=form.errors["q"][0])
    query = prepare(form.cleaned_data["q"])
    filterset = ClaimSearchFilter(data, queryset=Claim.objects.none(), user=user)
    results = Results(text=query.parsed.text, filterset=filterset)
    if not query.parsed:
        return results
    try:
        with time_limit(connection):
            claims = matching_claims(
                claims=findable_claims(user),
                query=query,
                debates=findable_debates(user),
                user=user,
            )
            results.filterset = ClaimSearchFilter(data, queryset=claims, user=user)
            _fill(results, results.filterset, query, user, page=data.get("page"))
    except SearchTooSlow:
        results.groups, results.sources, results.facets = [], [], []
        results.total = results.shown = 0
        results.error = TOO_SLOW
    return results


def find_in_debate(*, debate, access, text, limit=JUMP_LIMIT):
    """A debate's jump box: (its best `limit` claims matching `text` that `access` may see,
    the query's text, an error when refused or stopped), under the same limits as `find`."""
    form = SearchForm({"q": text})
    if not form.is_valid():
        return [], text.strip(), form.errors["q"][0]
    query = prepare(form.cleaned_data["q"])
    if not query.parsed:
        return [], query.parsed.text, ""
    try:
        with time_limit(connection):
            claims = matching_claims(
                claims=Claim.objects.filter(access.claims(), debate=debate), query=query
            )
            return best_claims(claims, query, limit=limit), query.parsed.text, ""
    except SearchTooSlow:
        return [], query.parsed.text, TOO_SLOW


def _fill(results, filterset, query, user, *, page=None):
    # The candidates' ids, read once: the match (a trigram scan, for near misses) then runs
    # once per search, not again for the results and again for the counts.
    ids = list(filterset.qs.order_by().values_list("id", flat=True)[:CANDIDATES])
    claims = Claim.objects.filter(id__in=ids)
    selected = filterset.form.cleaned_data
    results.total, results.facets = facets(
        facet_counts(ids, user=user), selected, scheme_counts(ids, user=user)
    )
    # Paging a range of the counted matches checks the page number without a query.
    page = Paginator(range(min(results.total, CANDIDATES)), RESULT_LIMIT).get_page(page)
    hits = best_claims(claims, query, offset=page.start_index() - 1 if page.object_list else 0)
    results.groups, results.shown, results.page = by_debate(hits), len(hits), page
    if not filterset.narrows_claims_only:
        results.sources = best_sources(query, user=user, published=selected.get("date"))
