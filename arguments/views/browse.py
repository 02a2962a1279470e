"""Reading a debate: the home page, the focus view of a claim, and the outline."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import class_selectors, selectors
from .rendering import render_page, wants_fragment


@require_safe
def health(request):
    """A trivial page of the same stack, for load balancers and as the benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def home(request):
    return render(request, "arguments/home.html", {"debates": selectors.listed_debates()})


@require_safe
def debate(request, slug):
    return claim(request, slug, claim_id=None)


@require_safe
def claim(request, slug, claim_id):
    focus = selectors.focus(
        slug=slug, user=request.user, claim_id=claim_id, path=request.GET.get("path", "")
    )
    context = {"focus": focus, "names": class_selectors.shown_names(access=focus.access)}
    return render_page(request, "arguments/claim.html", context, partial="focus")


@require_safe
def outline(request, slug):
    root, root_path, items = selectors.outline(slug=slug, user=request.user)
    context = {"debate": root.debate, "root": root, "root_path": root_path, "items": items}
    return render(request, "arguments/outline.html", context)


@require_safe
def children(request, slug, claim_id):
    """One level under a claim for the outline; without htmx, the outline from that claim."""
    path = request.GET.get("path", "")
    root, root_path, items = selectors.outline(
        slug=slug,
        user=request.user,
        root_id=claim_id,
        path=path,
        levels=1 if wants_fragment(request) else 2,
    )
    context = {"debate": root.debate, "root": root, "root_path": root_path, "items": items}
    return render_page(request, "arguments/outline.html", context, partial="items")
