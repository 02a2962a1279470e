"""What people type into the search box, checked before any query runs."""

from django import forms

from arguments.search.query import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The search text: at most MAX_QUERY_LENGTH characters. A longer one is refused with
    a message that says how to fix it; the page keeps the text as typed."""

    q = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": (
                "A search may be at most %(limit_value)d characters long, and this one has "
                "%(show_value)d: shorten it to its few most telling words."
            )
        },
    )
