from django.shortcuts import render
from django.utils.cache import patch_vary_headers


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


def as_id(value):
    """A primary key from a request parameter: an int for up to 18 ASCII digits, else None.

    `str.isdigit()` is no test: it accepts "²" (which int() refuses) and numbers past a
    database integer (which the query refuses); either was a 500 where a 404 was meant."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
