from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def wants_fragment(request):
    """True for an htmx request that swaps part of a page (not boosted, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page(request, template, context, *, partial):
    """Render `template#partial` for htmx swaps and the whole page otherwise; vary on HX-Request."""
    name = f"{template}#{partial}" if wants_fragment(request) else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


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
