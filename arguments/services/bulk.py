"""Inserting many rows fast: COPY on PostgreSQL, bulk_create elsewhere.

Both return the new primary keys in row order. On PostgreSQL the keys are drawn from the
table's sequence first, so COPY (which returns nothing) can write them with the rows.
"""

from operator import itemgetter

from django.db import connection, transaction
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
    fields = [model._meta.get_field(name) for name in rows[0]]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
            sql.Identifier(table),
            sql.SQL(", ").join(map(sql.Identifier, ["id", *(f.column for f in fields)])),
        )
        names = list(rows[0])
        values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
        with cursor.cursor.copy(statement) as copy:
            # Binary rows cost psycopg a fifth of the Python time of text rows; they need
            # each column's exact type ("integer" and "bigint" are not interchangeable).
            copy.set_types([_column_type(model._meta.pk), *map(_column_type, fields)])
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *values(row)))
    return ids


def _column_type(field):
    """The PostgreSQL type of a field's column without its length ("varchar(100)": "varchar")."""
    return field.db_type(connection).split("(", 1)[0]


def refresh_statistics(*models, rows=0, threshold=1000):
    """After a bulk load of `rows` rows, let PostgreSQL's planner see the new table sizes:
    its recursive queries pick full scans while the statistics still say "tiny table"."""
    if connection.vendor != "postgresql" or rows < threshold:
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))


def update_rows(model, rows, fields):
    """Set `fields` on many rows of `model` at once; `rows` are tuples (id, *values) in the
    order of `fields`. Many rows on PostgreSQL go in by COPY into a temporary table that one
    UPDATE joins; a few rows, or any number on SQLite, by UPDATE … FROM (VALUES …) in
    batches (Django's bulk_update builds a CASE per row, which costs more Python time
    than the update itself)."""
    if not rows:
        return
    if connection.vendor != "postgresql" or len(rows) < BATCH // 5:
        for start in range(0, len(rows), VALUES_BATCH):
            _update_from_values(model, rows[start : start + VALUES_BATCH], fields)
        return
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "
                "SELECT id, {columns} FROM {table} WITH NO DATA"
            ).format(
                temp=sql.Identifier(f"{table}_changes"),
                columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
                table=sql.Identifier(table),
            )
        )
        statement = sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(f"{table}_changes"))
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            sql.SQL("UPDATE {table} SET {sets} FROM {temp} WHERE {table}.id = {temp}.id").format(
                table=sql.Identifier(table),
                temp=sql.Identifier(f"{table}_changes"),
                sets=sql.SQL(", ").join(
                    sql.SQL("{column} = {temp}.{column}").format(
                        column=sql.Identifier(column), temp=sql.Identifier(f"{table}_changes")
                    )
                    for column in columns
                ),
            )
        )
        cursor.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(f"{table}_changes")))


VALUES_BATCH = 500


def _update_from_values(model, rows, fields):
    """One UPDATE joining the rows given as parameters (never as SQL text)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    model_fields = [model._meta.get_field(name) for name in fields]
    columns = [quote(field.column) for field in model_fields]
    if connection.vendor == "postgresql":
        # VALUES needs each parameter's type where a NULL or a number could be ambiguous.
        casts = [_column_type(model._meta.pk), *map(_column_type, model_fields)]
        row = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
        names = ", ".join(["id", *columns])
        source = f"(VALUES {', '.join([row] * len(rows))}) AS v({names})"
        sets = ", ".join(f"{column} = v.{column}" for column in columns)
        where = f"{table}.id = v.id"
    else:  # SQLite names the columns of VALUES column1, column2, …
        row = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
        source = f"(VALUES {', '.join([row] * len(rows))}) AS v"
        sets = ", ".join(f"{column} = v.column{index + 2}" for index, column in enumerate(columns))
        where = f"{table}.id = v.column1"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM {source} WHERE {where}",
            [value for item in rows for value in item],
        )
