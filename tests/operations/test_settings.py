import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import database_from_url

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
