"""The source library and the reader with highlighted, anchored excerpts."""

import re
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from arguments.permissions import listed_sources_q, readable_sources_q
from arguments.selectors.focus import get_claim
from arguments.selectors.ledger import debate_camps, debate_citations, source_ledgers
from arguments.selectors.paths import as_id
from arguments.selectors.sources import (
    cited_passages,
    debate_library,
    excerpt_claims,
    quoted_passage_count,
)
from arguments.views import paging
from arguments.views.caching import for_readers

from .adding.selectors import editable_source
from .models import DebateSource, Source
from .reader import paragraphs

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


def _pick(request):
    """The claim a reader is choosing evidence for (`?pick=<debate>/<claim id>`), as the URL
    of its propose form, or "" when not picking."""
    debate_slug, _, claim_id = request.GET.get("pick", "").partition("/")
    if not (SLUG.fullmatch(debate_slug) and as_id(claim_id) is not None):
        return ""
    url = reverse("arguments:propose", args=[debate_slug, as_id(claim_id)])
    # `draft=1`: the form gives back what was typed before coming here (views/drafts.py).
    query = {
        "stance": request.GET.get("stance", "support"),
        "path": request.GET.get("path", ""),
        "draft": "1",
    }
    return f"{url}?{urlencode(query)}"


@require_safe
def source_list(request):
    """Every source the reader may find: those of the debates listed to them."""
    sources = (
        Source.objects.filter(listed_sources_q(request.user))
        .defer("text", "raw")
        .annotate(excerpt_count=quoted_passage_count(request.user))
        .prefetch_related("signatories")
        .order_by("published", "slug")
    )
    page = paging.paginate(request, sources, per_page=paging.SOURCES)
    context = {
        "sources": page,
        "page": page,
        "pick": request.GET.get("pick", ""),
        "pick_url": _pick(request),
    }
    return render(request, "corpus/source_list.html", context)


@require_safe
def source_detail(request, slug):
    # A source nobody let this reader see answers as a missing slug does.
    readable = Source.objects.filter(readable_sources_q(request.user)).defer("raw")
    source = get_object_or_404(readable.prefetch_related("signatories"), slug=slug)
    claims_by_excerpt = excerpt_claims(source=source, user=request.user)
    excerpts = cited_passages(source=source, excerpt_ids=list(claims_by_excerpt))
    blocks = paragraphs(
        source.text, [(pk, excerpt.start, excerpt.end) for pk, excerpt in excerpts.items()]
    )
    for block in blocks:
        block.notes = [
            {
                "excerpt": excerpts[pk],
                "claims": claims_by_excerpt[pk][0],
                "more": claims_by_excerpt[pk][1] - len(claims_by_excerpt[pk][0]),
            }
            for pk in block.starting_excerpts
        ]
    # A quoted text never changes; its correction is a newer source, linked from here.
    correction = source.corrections.only("slug", "title").order_by("-pk").first()
    context = {
        "source": source,
        "paragraphs": blocks,
        "pick_url": _pick(request),
        "correction": correction,
        # Its owners and moderators (or its proposer, while pending) may correct it.
        "editable": editable_source(slug=source.slug, user=request.user) is not None,
    }
    return render(request, "corpus/source_detail.html", context)


@require_safe
def debate_sources(request, slug):
    """A debate's library (`/d/<slug>/sources/`): the sources it uses, how much of each its
    map quotes, and for who may add one the way to the adding form."""
    thesis, access = get_claim(slug=slug, user=request.user)
    page = debate_library(
        access=access, page_number=request.GET.get("page"), per_page=paging.SOURCES
    )
    try:  # the adding form comes with its own change; until then, no link
        add_url = reverse("arguments:source_new", args=[thesis.debate.slug])
    except NoReverseMatch:
        add_url = ""
    pick_url = _pick(request)
    context = {
        "debate": thesis.debate,
        "thesis": thesis,
        "access": access,
        "entries": page,
        "page": paging.with_links(request, page),
        "add_url": add_url if access.may_propose else "",
        "pick_url": pick_url,
        "reader_query": request.GET.urlencode() if pick_url else "",
    }
    return render(request, "corpus/debate_sources.html", context)


LEDGER_PARAGRAPHS = 20  # unmapped paragraphs per page of the ledger's queue


@require_safe
@for_readers(params=("page",))
def source_ledger(request, slug, source_slug):
    """One source's ledger in one debate: how much the debate's approved claims quote, the
    paragraphs left to map (a queue, a page at a time), and, per camp, how many of its
    quoted passages another camp answers."""
    thesis, access = get_claim(slug=slug, user=request.user)
    debate = thesis.debate
    source = get_object_or_404(
        Source.objects.filter(
            debate_links__debate=debate, debate_links__status=DebateSource.Status.APPROVED
        ),
        slug=source_slug,
    )
    ledger = source_ledgers(
        sources=[source], citations=debate_citations(debate), camps=debate_camps(debate)
    )[source.pk]
    page = paging.paginate(request, ledger.unmapped, per_page=LEDGER_PARAGRAPHS)
    unmapped = [
        {"number": number, "text": source.text[start:end]}
        for number, start, end in page.object_list
    ]
    context = {
        "debate": debate,
        "source": source,
        "ledger": ledger,
        "page": page,
        "unmapped": unmapped,
    }
    return render(request, "corpus/ledger.html", context)
