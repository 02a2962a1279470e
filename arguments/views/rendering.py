"""How a view answers: the whole page or one of its `{% partialdef %}` fragments (the only
place that reads the htmx headers), one line for a refusal shown outside a form, and
local redirect targets."""

from django.forms import BaseForm
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def wants_fragment(request):
    """True for an htmx request that swaps part of a page (not boosted, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def swap_target(request):
    """The id of the element an htmx swap replaces (`HX-Target`), "" for any other request."""
    return (request.htmx.target or "") if wants_fragment(request) else ""


def vary_on_htmx(response):
    """Mark a response chosen by `wants_fragment` as one that differs with `HX-Request`, so
    that no cache hands a fragment to a page load or a page to a swap."""
    patch_vary_headers(response, ["HX-Request"])
    return response


def render_fragment(request, template, context, *, partial):
    """Render `template#partial` alone: the answer to an htmx swap, or a piece that only
    htmx ever asks for."""
    return vary_on_htmx(render(request, f"{template}#{partial}", context))


def render_page(request, template, context, *, partial):
    """Render `template#partial` for htmx swaps and the whole page otherwise."""
    if wants_fragment(request):
        return render_fragment(request, template, context, partial=partial)
    return vary_on_htmx(render(request, template, context))


def refusal(problem):
    """One line for a refusal shown where no form lists it (a flash message, a small
    fragment): the messages of a ValidationError, every error of a form, or the text of
    another exception (PermissionDenied, AlreadyDecided). Where a form is on the page the
    ValidationError goes to `form.add_error` as it is instead."""
    if isinstance(problem, BaseForm):
        return " ".join(message for messages in problem.errors.values() for message in messages)
    return " ".join(getattr(problem, "messages", [str(problem)]))


def local_path(request, target, fallback):
    """`target` when it is a path of this site, else `fallback`: a form posted from
    elsewhere must not turn a click into a redirect off-site, and `redirect` would look a
    target without a slash up as the name of a URL pattern (a 500)."""
    if (
        isinstance(target, str)
        and target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return fallback
