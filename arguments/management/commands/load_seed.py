from django.core.management.base import BaseCommand, CommandError

from arguments.seed.mapfile import DEFAULT_MAP, MapError, read_map
from arguments.services.seed import load_debate_map
from corpus.loading import load_corpus


class Command(BaseCommand):
    help = "Load the corpus and the hand-built seed debate (idempotent: safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--map", default=str(DEFAULT_MAP), help="the debate map TOML file")

    def handle(self, *args, **options):
        sources = load_corpus()
        try:
            summary = load_debate_map(debate_map=read_map(options["map"]))
        except (MapError, OSError) as error:
            raise CommandError(f"Seed map not loaded: {error}") from error
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Loaded {sources} sources, {summary.speakers} speakers; {summary.claims} claims, "
                f"{summary.arguments} arguments ({summary.created_arguments} new), "
                f"{summary.citations} citations."
            )
