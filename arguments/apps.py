from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class ArgumentsConfig(AppConfig):
    name = "arguments"
    verbose_name = "Debates and arguments"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from arguments.accounts.middleware import flag_one_time_password
        from arguments.accounts.zones import zone_at_sign_in

        user_logged_in.connect(flag_one_time_password, dispatch_uid="flag_one_time_password")
        user_logged_in.connect(zone_at_sign_in, dispatch_uid="zone_at_sign_in")

        connection_created.connect(_register_sqlite_functions)
        post_migrate.connect(_repair_sqlite_search_index, sender=self)


def _register_sqlite_functions(sender, connection, **kwargs):
    """Give SQLite the word similarity that pg_trgm gives PostgreSQL (search near misses)."""
    if connection.vendor == "sqlite":
        from arguments.search.query import word_similarity

        connection.connection.create_function(
            "ledger_word_similarity", 2, word_similarity, deterministic=True
        )


def _repair_sqlite_search_index(sender, using="default", **kwargs):
    # A migration that alters a claim or source table on SQLite rebuilds the table and
    # drops the triggers that keep the FTS5 index in step; put them back.
    from django.db import connections

    from arguments.search.index import ensure_sqlite_index

    ensure_sqlite_index(connections[using])
