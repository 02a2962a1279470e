"""A job's folder under JOBS_ROOT: the upload waiting for the worker, the progress the
worker writes as it goes, and an export's file.

Progress is a file, not a column, because an import writes its debate in one transaction:
nothing it writes to the database is seen before the end, and on SQLite a second
connection could not write meanwhile. Each write replaces the file whole (os.replace), so
a reader never sees half a line.
"""

import os
import shutil
import time
from pathlib import Path

from django.conf import settings

UPLOAD = "upload"
PROGRESS = "progress"
RESULT = "result"
# The worker writes its progress at most this often (seconds); the page asks every second.
PROGRESS_EVERY = 0.5


def folder(job):
    return Path(settings.JOBS_ROOT) / str(job.uuid)


def save_upload(job, data):
    path = folder(job)
    path.mkdir(parents=True, exist_ok=True)
    _replace(path / UPLOAD, data)


def read_upload(job):
    return (folder(job) / UPLOAD).read_bytes()


def drop_upload(job):
    (folder(job) / UPLOAD).unlink(missing_ok=True)


def result_path(job):
    return folder(job) / RESULT


def write_result(job, chunks):
    """Write an export's chunks to a temporary file, then put it in place whole: a failure
    half-way leaves no file to download."""
    path = folder(job)
    path.mkdir(parents=True, exist_ok=True)
    partial = path / f"{RESULT}.partial"
    try:
        with partial.open("wb") as out:
            for chunk in chunks:
                out.write(chunk.encode() if isinstance(chunk, str) else chunk)
        os.replace(partial, path / RESULT)
    finally:
        partial.unlink(missing_ok=True)


def read_progress(job):
    """(done, total) as the worker last wrote it, or None before it starts."""
    try:
        done, total = (folder(job) / PROGRESS).read_text().split()
        return int(done), int(total)
    except (OSError, ValueError):
        return None


class Progress:
    """A callable `progress(done, total)` for a service, writing at most every
    PROGRESS_EVERY seconds (and always the first and the last call)."""

    def __init__(self, job):
        self.path = folder(job)
        self.last = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY and done < total:
            return
        self.last = now
        self.path.mkdir(parents=True, exist_ok=True)
        _replace(self.path / PROGRESS, f"{done} {total}".encode())


def remove(job):
    shutil.rmtree(folder(job), ignore_errors=True)


def _replace(path, data):
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)
