import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import caches_from_url, database_from_url

ROOT = Path(__file__).resolve().parents[2]


def test_postgres_url_becomes_a_postgresql_database_entry():
    entry = database_from_url("postgres://ledger:s%40cret@db.local:6543/maps?sslmode=require")
    assert entry["ENGINE"] == "django.db.backends.postgresql"
    assert (entry["NAME"], entry["USER"], entry["PASSWORD"]) == ("maps", "ledger", "s@cret")
    assert (entry["HOST"], entry["PORT"]) == ("db.local", "6543")
    assert entry["OPTIONS"] == {"sslmode": "require"}


def test_sqlite_url_becomes_a_file_path():
    assert database_from_url("sqlite:////tmp/x.sqlite3")["NAME"] == "/tmp/x.sqlite3"
    assert database_from_url("sqlite:///local.sqlite3")["NAME"] == "local.sqlite3"


def test_production_profile_passes_the_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-key-" + "x7Qz" * 10,
        "ALLOWED_HOSTS": "ledger.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _manage(*args, **variables):
    env = {k: v for k, v in os.environ.items() if k not in variables and k != "DEBUG"}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "flase"),
        ("DEVTOOLS", "maybe"),
        ("PROPOSALS_PER_DAY", "ten"),
        ("TRUSTED_PROXIES", "10.0.0.1,proxy.local"),
        ("CACHE_URL", "http://cache.local:6379/0"),
        ("CACHE_URL", "redis://cache.local:63x9/0"),
        ("CACHE_URL", "redis://cache.local:6379/zero"),
        ("CACHE_URL", "redis:///0"),
    ],
)
def test_a_mistyped_setting_stops_the_program_naming_the_variable(name, value):
    result = _manage("check", **{name: value})
    assert result.returncode != 0
    assert f"Configuration error: {name}='{value}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_negative_number_is_refused_too():
    result = _manage("check", LOGIN_FAILURES_PER_ACCOUNT="-3")
    assert "LOGIN_FAILURES_PER_ACCOUNT='-3' is not a whole number" in result.stderr


def test_development_commands_are_installed_only_in_development():
    production = {"DEBUG": "0", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "ledger.example.org"}
    assert "benchmark" not in _manage("help", **production).stdout
    assert "benchmark" in _manage("help", **production, DEVTOOLS="1").stdout
    assert "loadtest" in _manage("help", DEBUG="1").stdout


def test_without_a_cache_url_every_cache_is_in_process_memory():
    caches = caches_from_url("")
    assert set(caches) == {"default", "pages", "exports", "limits"}
    assert {entry["BACKEND"] for entry in caches.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }
    assert caches["exports"]["OPTIONS"]["MAX_ENTRIES"] == 16


def test_a_cache_url_puts_every_cache_on_one_redis_database_under_its_own_prefix():
    caches = caches_from_url("redis://:s3cret@cache.local:6380/2")
    assert set(caches) == {"default", "pages", "exports", "limits"}
    assert {entry["BACKEND"] for entry in caches.values()} == {
        "arguments.cache.backend.SharedRedisCache"
    }
    assert {entry["LOCATION"] for entry in caches.values()} == {
        "redis://:s3cret@cache.local:6380/2"
    }
    assert len({entry["KEY_PREFIX"] for entry in caches.values()}) == 4
    # Only the rate-limit counters go on in the process while Redis is away.
    assert [alias for alias, entry in caches.items() if "FALLBACK" in entry] == ["limits"]
    assert caches_from_url("rediss://cache.local")["pages"]["LOCATION"] == "rediss://cache.local/0"


def test_the_site_starts_on_a_shared_cache():
    result = _manage("check", CACHE_URL="redis://127.0.0.1:6379/13")
    assert result.returncode == 0, result.stderr


def test_a_cache_url_with_options_or_without_the_client_library_is_refused(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="takes no options"):
        caches_from_url("redis://cache.local:6379/0?socket_timeout=5")
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "redis" else real_find_spec(name)
    )
    with pytest.raises(ImproperlyConfigured, match=r"pip install -e '\.\[redis\]'"):
        caches_from_url("redis://cache.local:6379/0")


def test_a_pool_size_bounds_each_processs_postgresql_connections(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_SIZE", "10")
    entry = database_from_url("postgres://ledger@db.local/maps")
    assert entry["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 10, "timeout": 20}
    assert entry["CONN_MAX_AGE"] == 0  # Django's pool refuses persistent connections
    monkeypatch.setenv("DATABASE_POOL_SIZE", "0")
    assert "pool" not in database_from_url("postgres://ledger@db.local/maps")["OPTIONS"]
