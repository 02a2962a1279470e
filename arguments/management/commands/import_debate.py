import sys

from django.core.management.base import BaseCommand, CommandError

from arguments.interchange.formats import FORMATS, decode, read_text
from arguments.interchange.graph import FormatError
from arguments.models import Debate
from arguments.services.importing import import_graph


class Command(BaseCommand):
    help = "Import an AIF, Argdown or Kialo file as a new debate (or into one with --into)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=sorted(FORMATS), help="guessed when left out")
        parser.add_argument("--into", metavar="SLUG", help="add to this existing debate")
        parser.add_argument("--title", default="", help="the new debate's title")
        parser.add_argument("--slug", default="", help="the new debate's slug")

    def handle(self, *args, **options):
        into = None
        if options["into"]:
            into = Debate.objects.filter(slug=options["into"]).first()
            if into is None:
                raise CommandError(f"No debate with the slug {options['into']!r}.")
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from error
        try:
            text = decode(data)
            del data  # a large file would otherwise be held three times: bytes, text, Graph
            fmt, graph = read_text(text, options["format"])
            del text
        except FormatError as error:
            raise CommandError(f"{options['file']}: {error}") from error
        summary = import_graph(
            graph=graph,
            into=into,
            title=options["title"],
            slug=options["slug"],
            progress=self._progress() if sys.stderr.isatty() else None,
        )
        if sys.stderr.isatty():
            self.stderr.write("")
        self.stdout.write(f"Read {fmt.label}.")
        for line in summary.lines():
            self.stdout.write(line)

    def _progress(self):
        def show(done, total):
            width = 40
            filled = width * done // max(total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stderr.write(f"\r[{bar}] {done}/{total}", ending="")
            self.stderr.flush()

        return show
