"""Back up the whole site to one file: every row of every app (users and their password
hashes, debates, claims, arguments, proposals and decisions, classes, votes, feedback,
sources) as a Django fixture, gzip-compressed when FILE ends in .gz. Primary keys are kept,
so every URL stays valid after a restore; content types and permissions go by natural key
(`migrate` makes them). Sessions are left out: after a restore everyone signs in again."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

# Rows `migrate` recreates, or that are not worth keeping.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class Command(BaseCommand):
    help = "Write every row of the site to FILE (.json or .json.gz); restore with restore_site."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        # One snapshot for every table, so a write made during the backup is either wholly
        # in it or wholly out (PostgreSQL reads each statement afresh otherwise; a SQLite
        # read transaction already sees one state).
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            self.dump(options)
        self.stdout.write(f"Backed up the site to {options['file']}.")

    def dump(self, options):
        call_command(
            "dumpdata",
            exclude=EXCLUDED,
            natural_foreign=True,
            use_base_manager=True,
            output=options["file"],
            verbosity=0,
        )
