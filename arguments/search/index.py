"""The full-text indexes, kept in step by the database itself, for each vendor.

PostgreSQL: a weighted `search_vector` tsvector column on claims and sources, filled by a
BEFORE INSERT/UPDATE trigger (so COPY in services/bulk.py fills it too, and later
migrations may still change the text column's type), with a GIN index; and a trigram GIN
index on the claim text (pg_trgm) for near misses; and `search_listed`, true for an
approved claim of a public debate (what anyone may find), kept by triggers on claims and
debates, with a partial trigram index over those claims only — so a near miss for a
reader who belongs to no private debate never reads the trigrams of an unlisted import.
The columns are not model fields: only search reads them.

SQLite: FTS5 tables (`claim_search`, `source_search`, Porter stemming) that mirror the
text through triggers. Django rebuilds a SQLite table to alter it, which drops its
triggers, so `ensure_sqlite_index` runs after every `migrate` and puts back what is
missing. Without FTS5 in the SQLite build nothing is created and search falls back to
`icontains`.
"""

import sqlite3
from functools import cache

CLAIM_VECTOR = "setweight(to_tsvector('pg_catalog.english', COALESCE({row}.text, '')), 'A')"
SOURCE_VECTOR = (
    "setweight(to_tsvector('pg_catalog.english', COALESCE({row}.title, '')), 'A')"
    " || setweight(to_tsvector('pg_catalog.english',"
    " COALESCE({row}.publisher, '') || ' ' || COALESCE({row}.byline, '')), 'B')"
    " || setweight(to_tsvector('pg_catalog.english', COALESCE({row}.text, '')), 'D')"
)
POSTGRES_TABLES = {"arguments_claim": CLAIM_VECTOR, "corpus_source": SOURCE_VECTOR}
# The columns whose change refills a table's search vector.
TRIGGER_COLUMNS = {"arguments_claim": "text", "corpus_source": "title, publisher, byline, text"}
# `search_listed`: what anyone may find. The literals are Status.APPROVED and
# Debate.Visibility.PUBLIC (this module is imported by migrations, which must not import
# the models).
LISTED = (
    "{row}.status = 'approved' AND EXISTS (SELECT 1 FROM arguments_debate d"
    " WHERE d.id = {row}.debate_id AND d.visibility = 'public')"
)
LISTED_SQL = [
    "ALTER TABLE arguments_claim ADD COLUMN search_listed boolean NOT NULL DEFAULT false",
    "CREATE FUNCTION arguments_claim_search_listed() RETURNS trigger LANGUAGE plpgsql AS $$"
    f" BEGIN NEW.search_listed := {LISTED.format(row='NEW')}; RETURN NEW; END $$",
    "CREATE TRIGGER arguments_claim_search_listed BEFORE INSERT OR UPDATE OF status,"
    " debate_id ON arguments_claim FOR EACH ROW EXECUTE FUNCTION arguments_claim_search_listed()",
    "CREATE FUNCTION arguments_debate_search_listed() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN UPDATE arguments_claim SET search_listed ="
    " (status = 'approved' AND NEW.visibility = 'public') WHERE debate_id = NEW.id;"
    " RETURN NULL; END $$",
    "CREATE TRIGGER arguments_debate_search_listed AFTER UPDATE OF visibility ON"
    " arguments_debate FOR EACH ROW WHEN (OLD.visibility IS DISTINCT FROM NEW.visibility)"
    " EXECUTE FUNCTION arguments_debate_search_listed()",
    f"UPDATE arguments_claim SET search_listed = {LISTED.format(row='arguments_claim')}",
    "CREATE INDEX arguments_claim_listed_trgm ON arguments_claim"
    " USING GIN (text gin_trgm_ops) WHERE search_listed",
]
UNLISTED_SQL = [
    "DROP INDEX IF EXISTS arguments_claim_listed_trgm",
    "DROP TRIGGER IF EXISTS arguments_debate_search_listed ON arguments_debate",
    "DROP FUNCTION IF EXISTS arguments_debate_search_listed()",
    "DROP TRIGGER IF EXISTS arguments_claim_search_listed ON arguments_claim",
    "DROP FUNCTION IF EXISTS arguments_claim_search_listed()",
    "ALTER TABLE arguments_claim DROP COLUMN IF EXISTS search_listed",
]
# The SQL of this module is written with f-strings: it names tables, columns, triggers and
# functions (identifiers, which cannot be query parameters), all of them the constants above;
# no value from a request or a file ever reaches it.


def _trigger_sql(table, *, create):
    if create:
        return (
            f"CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE OF"
            f" {TRIGGER_COLUMNS[table]} ON {table} FOR EACH ROW"
            f" EXECUTE FUNCTION {table}_search_vector()"
        )
    return f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}"


def postgres_forward(schema_editor):
    for table, vector in POSTGRES_TABLES.items():
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            f"CREATE FUNCTION {table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN NEW.search_vector := {vector.format(row='NEW')}; RETURN NEW; END $$"
        )
        schema_editor.execute(_trigger_sql(table, create=True))
        schema_editor.execute(f"UPDATE {table} SET search_vector = {vector.format(row=table)}")
        schema_editor.execute(
            f"CREATE INDEX {table}_search_vector ON {table} USING GIN (search_vector)"
        )
    schema_editor.execute(
        "CREATE INDEX arguments_claim_text_trgm ON arguments_claim USING GIN (text gin_trgm_ops)"
    )


def drop_claim_trigger(apps, schema_editor):
    """For a migration that alters the claim text column: PostgreSQL refuses to change the
    type of a column a trigger names (`UPDATE OF text`), so the trigger steps aside."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_trigger_sql("arguments_claim", create=False))


def create_claim_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_trigger_sql("arguments_claim", create=True))


def add_listed(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in LISTED_SQL:
            schema_editor.execute(statement)


def drop_listed(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UNLISTED_SQL:
            schema_editor.execute(statement)


def postgres_backward(schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS arguments_claim_text_trgm")
    for table in POSTGRES_TABLES:
        schema_editor.execute(_trigger_sql(table, create=False))
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


# (FTS5 table, content table, indexed columns)
SQLITE_TABLES = [
    ("claim_search", "arguments_claim", ("text",)),
    ("source_search", "corpus_source", ("title", "publisher", "text")),
]


@cache
def fts5_available():
    """Whether this Python's SQLite has FTS5 (asked of a throwaway in-memory database)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


def _sqlite_triggers(fts, table, columns):
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    return {
        f"{fts}_insert": f"AFTER INSERT ON {table} BEGIN {insert} END",
        f"{fts}_delete": f"AFTER DELETE ON {table} BEGIN {delete} END",
        f"{fts}_update": f"AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
    }


def ensure_sqlite_index(connection):
    """Create the FTS5 tables and their triggers where missing; re-index a table whose
    triggers were missing (its copy may be stale). Does nothing without FTS5.

    The DDL here is built with f-strings because SQL cannot take table, trigger or column
    names as parameters; every name comes from SQLITE_TABLES above, never from input."""
    if connection.vendor != "sqlite" or not fts5_available():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for fts, table, columns in SQLITE_TABLES:
            if table not in present:
                continue
            triggers = _sqlite_triggers(fts, table, columns)
            if fts in present and triggers.keys() <= present:
                continue
            if fts not in present:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)},"
                    f" content='{table}', content_rowid='id', tokenize='porter unicode61')"
                )
            for name, body in triggers.items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def drop_sqlite_index(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for fts, table, columns in SQLITE_TABLES:
            for name in _sqlite_triggers(fts, table, columns):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {fts}")


def rebuild(connection):
    """Refill the search index from the rows (after a restore, or whenever in doubt): the
    tsvector columns on PostgreSQL, the FTS5 tables on SQLite (created where missing)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table, vector in POSTGRES_TABLES.items():
                cursor.execute(f"UPDATE {table} SET search_vector = {vector.format(row=table)}")
            # A restore may insert claims before their debates exist.
            cursor.execute(
                f"UPDATE arguments_claim SET search_listed = {LISTED.format(row='arguments_claim')}"
            )
    elif connection.vendor == "sqlite" and fts5_available():
        ensure_sqlite_index(connection)
        with connection.cursor() as cursor:
            for fts, _, _ in SQLITE_TABLES:
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
