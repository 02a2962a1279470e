from django.core.management.base import BaseCommand, CommandError

from arguments.interchange.formats import FORMATS
from arguments.models import Debate
from arguments.selectors.exporting import graph_from_debate


class Command(BaseCommand):
    help = "Write a debate's approved claims and arguments as AIF, Argdown or Kialo text."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=sorted(FORMATS), default="aif")
        parser.add_argument("--output", "-o", help="a file to write (default: standard output)")

    def handle(self, *args, **options):
        debate = Debate.objects.select_related("thesis").filter(slug=options["slug"]).first()
        if debate is None:
            raise CommandError(f"No debate with the slug {options['slug']!r}.")
        fmt = FORMATS[options["format"]]
        chunks = fmt.emit_chunks(graph_from_debate(debate, with_texts=fmt.name == "aif"))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.writelines(chunks)
        else:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
