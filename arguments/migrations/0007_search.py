"""Full-text search indexes: weighted tsvector columns filled by triggers, GIN and trigram
indexes on PostgreSQL; FTS5 tables kept in step by triggers on SQLite. See search_index."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from arguments.search import index as search_index


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search_index.postgres_forward(schema_editor)
    else:
        search_index.ensure_sqlite_index(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        search_index.postgres_backward(schema_editor)
    else:
        search_index.drop_sqlite_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("arguments", "0006_classes"),
        ("corpus", "0002_camp_other"),
    ]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(forward, backward),
    ]
