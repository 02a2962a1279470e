from django.core.management.base import BaseCommand

from corpus.loading import load_corpus


class Command(BaseCommand):
    help = "Load the actors and the five cleaned source texts from corpus/texts/ (idempotent)."

    def handle(self, *args, **options):
        actors, sources = load_corpus()
        self.stdout.write(f"Corpus loaded: {actors} actors, {sources} sources.")
