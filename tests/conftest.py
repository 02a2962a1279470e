import pytest
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """The corpus and the hand-built US–China debate, loaded as `make run` loads them."""
    call_command("load_seed", verbosity=0)
    from arguments.models import Debate

    return Debate.objects.get(slug="us-china-human-rights")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is slow by design; tests check behaviour, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Readers' pages and drawings are cached per debate version; a test starts from an empty
    # cache so that what it measures (queries, invalidation) does not depend on tests before.
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
