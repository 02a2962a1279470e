"""Search: the site-wide page (header box, facets, live results) and a debate's jump box."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from arguments.models import Debate
from arguments.permissions import Access, role_subquery
from arguments.search import selectors as finder
from arguments.views import paging
from arguments.views.rendering import render_page


@require_safe
def search(request):
    results = finder.find(user=request.user, data=request.GET)
    if results.page is not None:
        paging.with_links(request, results.page)
    context = {"results": results, "search_text": results.text}
    return render_page(request, "search/search.html", context, partial="results")


@require_safe
def jump(request, slug):
    """Claims of one debate matching `q`: a dropdown for the focus view's jump box, or (no
    JavaScript) a page of results."""
    debates = Debate.objects.all()
    if request.user.is_authenticated:  # the reader's role comes with the debate
        debates = debates.annotate(viewer_role=role_subquery(request.user))
    debate = get_object_or_404(debates, slug=slug)
    access = Access(request.user, debate, getattr(debate, "viewer_role", None))
    if not access.may_read:
        raise Http404("No such debate.")
    hits, text, error = finder.find_in_debate(
        debate=debate, access=access, text=request.GET.get("q", "")
    )
    context = {"debate": debate, "hits": hits, "text": text, "error": error}
    return render_page(request, "search/jump.html", context, partial="jump_results")
