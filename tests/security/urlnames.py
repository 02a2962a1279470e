"""The names of the URLs under given prefixes, read from the URL configuration: the access
matrices walk every page of a debate or a class, including pages added after them."""

from django.urls import URLPattern, URLResolver, get_resolver


def url_names(*prefixes):
    """Every "arguments:<name>" whose route starts with one of `prefixes`."""
    root = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "arguments"
    )
    names = set()

    def walk(patterns, under):
        for pattern in patterns:
            route = under + str(pattern.pattern)
            if isinstance(pattern, URLPattern):
                if route.startswith(prefixes) and pattern.name:
                    names.add(f"arguments:{pattern.name}")
            else:
                walk(pattern.url_patterns, route)

    walk(root.url_patterns, "")
    return names
