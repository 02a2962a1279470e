import os

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings


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


# Hypothesis: a deterministic profile by default (the same examples on every run, so a
# failure in CI reproduces locally, and no example database is written); HYPOTHESIS_PROFILE
# =deep searches ten times further with fresh random examples, =examples runs only the
# explicit @example cases. The fuzz tests size their
# runs from the profile's max_examples (tests/fuzzing.py).
_FUZZ_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
hypothesis_settings.register_profile(
    "fast",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_FUZZ_HEALTH,
)
hypothesis_settings.register_profile(
    "deep",
    max_examples=1000,
    deadline=None,
    suppress_health_check=_FUZZ_HEALTH,
)
# Only the explicit @example cases: the bugs found so far, in seconds.
hypothesis_settings.register_profile(
    "examples", parent=hypothesis_settings.get_profile("fast"), phases=[Phase.explicit]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
