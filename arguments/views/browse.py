"""Reading a debate: the home page, the focus view of a claim, and the outline."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from arguments.classes import selectors as class_selectors
from arguments.overview import selectors as overview
from arguments.selectors import focus as selectors
from arguments.selectors import tree
from arguments.views import paging
from arguments.views.caching import for_readers
from arguments.views.rendering import render_fragment, render_page, swap_target, wants_fragment


@require_safe
def health(request):
    """A trivial page of the same stack, for load balancers and as the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def home(request):
    page = paging.paginate(request, selectors.listed_debates(), per_page=paging.HOME)
    return render(request, "arguments/home.html", {"debates": page, "page": page})


# What the focus view reads of the query string: the page cache keys on these alone.
FOCUS_PARAMS = ("path", "sort", "pros", "cons")


@require_safe
@for_readers(params=FOCUS_PARAMS)
def debate(request, slug):
    return _focus(request, slug, claim_id=None)


SORT_COOKIE = "sort"
# The ids of the lists of pros and cons: an htmx request aimed at one of them asks for
# that side's next page, to append.
MORE = {"pros-list": "pros", "cons-list": "cons"}


@require_safe
@for_readers(params=FOCUS_PARAMS)
def claim(request, slug, claim_id):
    return _focus(request, slug, claim_id)


def _focus(request, slug, claim_id):
    """The focus view. `?sort=` orders the pros and cons and is remembered in a cookie;
    `?pros=` and `?cons=` are the page of each (CHILDREN_PAGE to a page, fixed here). An
    htmx request aimed at the list of one side gets that page's items alone."""
    asked = request.GET.get("sort")
    sort = asked if asked in selectors.SORTS else request.COOKIES.get(SORT_COOKIE)
    sort = sort if sort in selectors.SORTS else "weight"
    focus = selectors.focus(
        slug=slug,
        user=request.user,
        claim_id=claim_id,
        path=request.GET.get("path", ""),
        sort=sort,
        pros_page=request.GET.get("pros"),
        cons_page=request.GET.get("cons"),
    )
    paging.with_links(request, focus.pros_page, param="pros")
    paging.with_links(request, focus.cons_page, param="cons")
    context = {
        "focus": focus,
        "sorts": selectors.SORTS,
        "names": class_selectors.shown_names(access=focus.access),
    }
    side = MORE.get(swap_target(request))
    if side:
        context.update(side=side, children=getattr(focus, side))
        context["page"] = getattr(focus, f"{side}_page")
        response = render_fragment(request, "arguments/claim.html", context, partial="more")
    else:
        context["minimap"] = overview.minimap(focus)
        context["class_state"] = class_selectors.map_state(debate=focus.debate, user=request.user)
        response = render_page(request, "arguments/claim.html", context, partial="focus")
    if asked in selectors.SORTS:
        response.set_cookie(SORT_COOKIE, sort, max_age=365 * 24 * 3600, samesite="Lax")
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
@for_readers(params=())
def outline(request, slug):
    found = tree.outline(slug=slug, user=request.user)
    context = {"debate": found.root.debate, "root": found.root, "outline": found}
    context["items"] = found.items
    return render(request, "arguments/outline.html", context)


@require_safe
@for_readers(params=("path",))
def children(request, slug, claim_id):
    """One level under a claim for the outline; without htmx, the outline from that claim."""
    path = request.GET.get("path", "")
    found = tree.outline(
        slug=slug,
        user=request.user,
        root_id=claim_id,
        path=path,
        levels=1 if wants_fragment(request) else 2,
    )
    context = {"debate": found.root.debate, "root": found.root, "outline": found}
    context["items"] = found.items
    return render_page(request, "arguments/outline.html", context, partial="items")
