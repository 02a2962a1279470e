from django.core.management.base import BaseCommand

from corpus.loading import load_corpus


class Command(BaseCommand):
    help = (
        "Load the five cleaned source texts from corpus/texts/ (idempotent). Their camps and"
        " speakers belong to the seed debate: load_seed loads them."
    )

    def handle(self, *args, **options):
        sources = load_corpus()
        self.stdout.write(f"Corpus loaded: {sources} sources.")
