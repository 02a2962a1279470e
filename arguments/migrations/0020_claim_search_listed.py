"""PostgreSQL: `search_listed` on claims (approved, in a public debate), kept by triggers,
and a trigram index over those claims only, for near misses of readers who belong to no
private debate. Nothing on SQLite. See arguments.search.index."""

from django.db import migrations

from arguments.search.index import add_listed, drop_listed


class Migration(migrations.Migration):
    dependencies = [
        ("arguments", "0019_proposal_source"),
    ]

    operations = [migrations.RunPython(add_listed, drop_listed)]
