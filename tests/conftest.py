import os

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from tests.seeding import restore_seed


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seed debate as `load_seed` writes it, loaded once per session and kept as a
    fixture file (then rolled back): restoring it costs a fraction of loading it again."""
    path = tmp_path_factory.mktemp("seed") / "seed.json"
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seed", verbosity=0)
        call_command("dumpdata", "corpus", "arguments", output=str(path), verbosity=0)
        transaction.set_rollback(True)
    return path


@pytest.fixture
def seed(db, seed_snapshot):
    """The corpus and the hand-built US–China debate, as `make run` loads them."""
    return restore_seed(seed_snapshot)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a module: what a module-scoped fixture writes in it stays for
    every test of the module — each test's own writes roll back to a savepoint — and is
    rolled back when the module ends. Not for transactional tests, which commit."""
    with django_db_blocker.unblock():
        around_the_module = transaction.atomic()
        around_the_module.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        around_the_module.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _module_db_is_not_for_transactional_tests(request):
    committing = {"transactional_db", "live_server"} & set(request.fixturenames)
    if "module_db" in request.fixturenames and committing:
        pytest.fail("module_db holds a transaction open; a transactional test cannot use it")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # Real hashing is slow by design; tests check behaviour, not the hasher. For the whole
    # session, so that worlds built once per module hash fast too.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once(tmp_path_factory):
    # Background jobs run inside the request that starts them (the immediate backend), their
    # files in a folder of the session's; tests of the worker itself (tests/jobs/) switch
    # to the database backend and run `db_worker`.
    with override_settings(TASKS=IMMEDIATE_TASKS, JOBS_ROOT=tmp_path_factory.mktemp("jobs")):
        yield


@pytest.fixture(autouse=True, scope="session")
def _generous_rate_limits():
    # Tests act as one person at machine speed (a fuzzer posts a form hundreds of times, a
    # hostile-input world signs up dozens of accounts from one address): the production
    # limits would refuse them. Each window stays as set; a test of a limit narrows it again
    # with the `settings` fixture.
    from django.conf import settings

    generous = {action: (10_000, seconds) for action, (_, seconds) in settings.RATE_LIMITS.items()}
    with override_settings(RATE_LIMITS=generous):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    # Readers' pages and drawings are cached per debate version, and rate limits are counted
    # in the "limits" cache; a test starts from empty caches so that what it measures
    # (queries, invalidation, refusals) does not depend on tests before.
    from django.core.cache import caches

    for alias in ("default", "pages", "exports", "limits"):
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
