"""Shared pieces of the fuzz tests: example budgets, adversarial values, row counts, and a
savepoint per example so that every Hypothesis example starts from the same database."""

from contextlib import contextmanager

from django.apps import apps
from django.db import transaction
from hypothesis import settings
from hypothesis import strategies as st

# A share of the profile's budget (conftest.py): 100 examples by default, 1000 under
# HYPOTHESIS_PROFILE=deep. Requests cost milliseconds each, so forms get fewer.
IMPORT_EXAMPLES = max(10, settings.default.max_examples * 2 // 5)
FORM_EXAMPLES = max(10, settings.default.max_examples // 5)

APPS = ("arguments", "corpus", "auth")


def row_counts(*, leave_out=()):
    """Rows of every table of the project (and of users), by model name."""
    return {
        model.__name__: model.objects.count()
        for name in APPS
        for model in apps.get_app_config(name).get_models()
        if model.__name__ not in leave_out
    }


@contextmanager
def rolled_back():
    """Run one example inside a savepoint that is always rolled back: what the example
    wrote is gone before the next one, on SQLite and PostgreSQL alike. An error inside the
    block rolls the savepoint back too, so the connection stays usable."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


# Pieces that break careless code: NUL and other controls, lone surrogates (not encodable
# as UTF-8), right-to-left override, markup, SQL and format characters, huge numbers.
NASTY = [
    "\x00",
    "a\x00b",
    "\x01\x07\x1b[31m",
    "\ud800",
    "x\udfffy",
    "\u202e\u200b\ufeff",
    "\r\n\r\n",
    "\t \x0b\x0c",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s %(x)s {0} {x}",
    "../../etc/passwd",
    "-1",
    "0",
    "1e999",
    "99999999999999999999999999999999",
    "-9223372036854775809",
    "²",  # str.isdigit() says yes, int() says no
    "1-²",
    "1-99999999999999999999999",
    "NaN",
    "",
    " ",
    "null",
    "[]",
    "😀" * 3,
    "ÅÄÖ ß ﬁ İ",
]


def field_values(*, max_size=60):
    """Any text a browser (or a script) could post in one field."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=max_size),
        st.integers().map(str),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12).map(
            lambda s: s * 400  # far over any max_length
        ),
    )
