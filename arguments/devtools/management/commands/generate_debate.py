import time

from django.core.management.base import BaseCommand

from arguments.devtools.generate import generate_debate


class Command(BaseCommand):
    help = "Build a synthetic debate of N claims with bulk inserts (deterministic for a seed)."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--slug", default=None)

    def handle(self, *args, **options):
        started = time.perf_counter()
        debate = generate_debate(
            claims=options["claims"], seed=options["seed"], slug=options["slug"]
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Generated {debate.slug}: {options['claims']} claims in {seconds:.1f} s."
        )
