"""Pages of a list: Django's Paginator with the page size fixed here, never by the request,
and the links of `templates/includes/_pager.html`.

A page number that is not a number gives the first page, one past the end the last
(`Paginator.get_page`), so no value of `?page=` is an error.
"""

from django.core.paginator import Paginator

HOME = 20  # debates on the home page
SOURCES = 25  # sources in the library
HISTORY = 20  # wordings of a claim
INBOX = 25  # notifications, and proposals, in the inbox
MEMBERS = 50  # members of a debate
SPEAKERS = 50  # speakers on a debate's camps page
STUDENT_DUES = 50  # students and their due dates on an assignment's editing page
TEACHING_REQUESTS = 25  # requests to teach, on the staff's page


def paginate(request, items, *, per_page, param="page"):
    """The page of `items` that `request.GET[param]` asks for, with its links."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    return with_links(request, page, param=param)


def with_links(request, page, *, param="page"):
    """Give `page` the URLs (`previous_url`, `next_url`: "" where there is none) of its
    neighbours: this request's query string with `param` changed, so filters, `path` and
    the other lists' page numbers are kept."""

    def url(number):
        query = request.GET.copy()
        query[param] = number
        return f"{request.path}?{query.urlencode()}"

    page.param = param
    page.previous_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page
