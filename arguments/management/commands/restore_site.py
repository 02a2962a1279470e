"""Restore a backup made by backup_site into an empty, migrated database (`migrate` first).
Refuses a database that already holds users or debates, so nothing is overwritten; the
load is all or nothing. Afterwards the search index is rebuilt from the rows and the
debates' counters are recounted; any other stored count that disagrees is reported."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from arguments.models import Debate
from arguments.search import index as search_index
from arguments.services.counts import drift, refresh_counts
from corpus.models import Source


class Command(BaseCommand):
    help = "Load a backup_site FILE into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        present = {
            "users": get_user_model().objects.count(),
            "debates": Debate.objects.count(),
            "sources": Source.objects.count(),
        }
        if any(present.values()):
            held = ", ".join(f"{n} {name}" for name, n in present.items() if n)
            raise CommandError(
                f"The database is not empty ({held}); nothing was restored. Restore into a "
                "new database: create it, run `manage.py migrate`, then restore_site."
            )
        with transaction.atomic():
            call_command("loaddata", options["file"], verbosity=0)
            search_index.rebuild(connection)
            debate_ids = list(Debate.objects.values_list("pk", flat=True))
            for pk in debate_ids:
                refresh_counts(pk)
            problems = drift(debate_ids)
        for problem in problems:
            self.stderr.write(f"Warning: a stored counter disagrees with a recount: {problem}")
        users = get_user_model().objects.count()
        self.stdout.write(
            f"Restored {len(debate_ids)} debates and {users} users from {options['file']}."
        )
