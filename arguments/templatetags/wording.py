"""`{{ text|shortened:90 }}`: text cut at a word boundary with an ellipsis, never mid-word
(Django's `truncatechars` cuts inside a word); `{{ count|in_words }}`: a small number as a
word ("four camps")."""

from django import template

from arguments.services.moderate import shortened as _shortened

register = template.Library()


@register.filter
def shortened(text, limit=80):
    """`text` at most `limit` characters long, cut between words."""
    return _shortened(str(text), int(limit))


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@register.filter
def in_words(number):
    """0 to 9 as English words ("four"), larger numbers as digits."""
    number = int(number)
    return NUMBER_WORDS[number] if 0 <= number < len(NUMBER_WORDS) else str(number)
