"""The build fingerprint in cache keys: the same on every host holding the same code, new
with every change to it."""

import os
import shutil

from arguments.cache.build import fingerprint


def checkout(root):
    for folder, name, text in [
        ("templates", "page.html", "<p>{{ claim }}</p>"),
        ("arguments", "views.py", "def page(request): ..."),
        ("corpus", "reader.py", "WORDS = 3"),
    ]:
        (root / folder).mkdir(parents=True)
        (root / folder / name).write_text(text)
    return root


def test_two_hosts_with_the_same_code_share_the_build(tmp_path):
    one = checkout(tmp_path / "srv" / "ledger")
    other = tmp_path / "home" / "deploy" / "current"
    shutil.copytree(one, other)
    os.utime(other / "templates" / "page.html", (1_000_000_000, 1_000_000_000))
    assert fingerprint(one) == fingerprint(other)


def test_a_changed_template_makes_a_new_build(tmp_path):
    root = checkout(tmp_path / "ledger")
    before = fingerprint(root)
    (root / "templates" / "page.html").write_text("<p>{{ claim.text }}</p>")
    assert fingerprint(root) != before
