"""On the embedded SQLite the worker is a second process on the same file: the connection
settings make the other side wait for its transaction instead of failing "locked"."""

import threading
import time

from django.db.utils import ConnectionHandler

from config.settings import database_from_url


def test_a_write_waits_for_the_workers_transaction_instead_of_failing(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # two connections of its own, to a file of its own
        check_two_connections(tmp_path)


def check_two_connections(tmp_path):
    entry = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    handler = ConnectionHandler({"default": dict(entry), "web": dict(entry)})
    worker, web = handler["default"], handler["web"]
    worker.cursor().execute("CREATE TABLE claims (text TEXT)")
    holding, done = threading.Event(), threading.Event()

    def import_in_a_long_transaction():
        cursor = worker.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("INSERT INTO claims VALUES ('from the worker')")
        holding.set()
        time.sleep(1.5)
        cursor.execute("COMMIT")
        done.set()

    thread = threading.Thread(target=import_in_a_long_transaction)
    worker.inc_thread_sharing()
    thread.start()
    holding.wait(5)
    cursor = web.cursor()
    assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # A reader is not blocked by the open write transaction (WAL), and sees none of it.
    assert cursor.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
    started = time.monotonic()
    cursor.execute("INSERT INTO claims VALUES ('from a request')")  # waits, then writes
    waited = time.monotonic() - started
    thread.join()
    worker.dec_thread_sharing()

    assert done.is_set() and waited > 0.5
    assert cursor.execute("SELECT count(*) FROM claims").fetchone()[0] == 2
    handler.close_all()
