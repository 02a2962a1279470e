"""Restoring the seed debate from the session's snapshot (the `seed_snapshot` fixture)."""

from django.core.management import call_command

SEED_SLUG = "us-china-human-rights"


def restore_seed(snapshot):
    call_command("loaddata", str(snapshot), verbosity=0)
    from arguments.models import Debate

    return Debate.objects.get(slug=SEED_SLUG)
