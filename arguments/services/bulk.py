"""Inserting many rows fast: COPY on PostgreSQL, bulk_create elsewhere.

Both return the new primary keys in row order. On PostgreSQL the keys are drawn from the
table's sequence first, so COPY (which returns nothing) can write them with the rows.
"""

from operator import itemgetter

from django.db import connection
from psycopg import sql

BATCH = 5000


def insert_rows(model, rows):
    """Insert `rows` (dicts of field attnames to values, all with the same keys) into
    `model`'s table without calling save() or signals; return their ids in order."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy(model, rows)
    objects = model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
    return [obj.pk for obj in objects]


def _copy(model, rows):
    table = model._meta.db_table
    fields = list(rows[0])
    columns = [model._meta.get_field(name).column for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, ["id", *columns]))
        )
        values = itemgetter(*fields) if len(fields) > 1 else lambda row: (row[fields[0]],)
        with cursor.cursor.copy(statement) as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *values(row)))
    return ids


def refresh_statistics(*models, rows=0, threshold=1000):
    """After a bulk load of `rows` rows, let PostgreSQL's planner see the new table sizes:
    its recursive queries pick full scans while the statistics still say "tiny table"."""
    if connection.vendor != "postgresql" or rows < threshold:
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))
