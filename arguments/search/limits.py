"""A time limit on the database work of one search, on each engine.

PostgreSQL: the search runs in a transaction of its own with `statement_timeout` set for
it alone (`set_config(…, true)` is `SET LOCAL`), so each of its queries is cancelled past
SEARCH_TIMEOUT_MS and the setting ends with the transaction. SQLite: a progress handler
interrupts the running statement once the search as a whole is past the same time.
Either way the search raises `SearchTooSlow`, which the page reports, instead of holding
a worker; the transaction is rolled back and the connection stays usable.
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.db import OperationalError, transaction

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement timeout
SQLITE_CHECK_EVERY = 10_000  # SQLite virtual machine steps between looks at the clock


class SearchTooSlow(Exception):
    """The search took longer than SEARCH_TIMEOUT_MS and was stopped."""


def _timed_out(error):
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == QUERY_CANCELED:
        return True
    return "interrupted" in str(error)  # sqlite3's message for a progress handler's stop


@contextmanager
def time_limit(connection, milliseconds=None):
    """Run the block's queries under a time limit (SEARCH_TIMEOUT_MS unless given; 0 turns
    it off); raise `SearchTooSlow` when it is reached."""
    limit = settings.SEARCH_TIMEOUT_MS if milliseconds is None else milliseconds
    if not limit:
        yield
        return
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic(using=connection.alias):
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)", [f"{limit}ms"]
                    )
                yield
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            deadline = time.monotonic() + limit / 1000
            raw = connection.connection
            raw.set_progress_handler(lambda: time.monotonic() > deadline, SQLITE_CHECK_EVERY)
            try:
                yield
            finally:
                raw.set_progress_handler(None, 0)
        else:
            yield
    except OperationalError as error:
        if _timed_out(error):
            raise SearchTooSlow from error
        raise
