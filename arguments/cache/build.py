"""The code's build: a fingerprint of the templates and Python code that changes with every
deploy that changes them, and is the same on every server running the same code.

Cached pages, downloads and drawings carry it in their keys, so a deploy never serves what
the code before it made — a shared cache outlives the servers' restarts. It digests the
files' paths (relative to the project) and contents, not their modification times or
absolute paths, which differ between two hosts holding the same code.
"""

import hashlib
from pathlib import Path

from django.conf import settings

FOLDERS = ("templates", "arguments", "corpus")
SUFFIXES = {".html", ".py"}


def fingerprint(root):
    digest = hashlib.sha1()
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(hashlib.sha1(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


BUILD = fingerprint(Path(settings.BASE_DIR))
