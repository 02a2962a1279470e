"""The layout's rules (docs/DESIGN.md, "Layout"), checked on the source so they stay true."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "arguments"

# Pure: plain data in and out, importable without Django.
PURE = [
    "arguments/evaluation",
    "arguments/interchange",
    "arguments/classes/rules.py",
    "arguments/search/query.py",
    "arguments/search/similarity.py",
    "arguments/overview/sunburst.py",
    "arguments/live/events.py",
    "arguments/seed/mapfile.py",
    "corpus/reader.py",
    "corpus/cleaning.py",
]
MAX_LINES = 600
MAX_TOP_LEVEL_MODULES = 10


def sources(*folders):
    for folder in folders:
        path = ROOT / folder
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            if "migrations" not in file.parts:
                yield file


def imported_modules(file):
    """Every module `file` imports, relative imports made absolute."""
    package = ".".join(file.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(file.read_text(), str(file))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def is_within(module, prefix):
    return module == prefix or module.startswith(prefix + ".")


PURE_MODULES = [entry.removesuffix(".py").replace("/", ".") for entry in PURE]


@pytest.mark.parametrize("file", list(sources(*PURE)), ids=lambda f: str(f.relative_to(ROOT)))
def test_pure_modules_import_nothing_from_django_or_the_orm_layers(file):
    """Pure modules may use each other (rules.py reads interchange's Graph), nothing else
    of the project and nothing of Django."""
    offending = [
        module
        for module in imported_modules(file)
        if is_within(module, "django")
        or (
            (is_within(module, "arguments") or is_within(module, "corpus"))
            and not any(is_within(module, pure) for pure in PURE_MODULES)
        )
    ]
    assert offending == [], f"{file.relative_to(ROOT)} imports {sorted(set(offending))}"


def test_selectors_never_import_services_or_views():
    readers = [*sources("arguments/selectors"), *APP.glob("*/selectors.py")]
    offending = {
        str(file.relative_to(ROOT)): module
        for file in readers
        for module in imported_modules(file)
        if ".services" in module or ".views" in module
    }
    assert offending == {}


def test_only_views_and_urls_import_a_view():
    offending = {}
    for file in sources("arguments", "corpus", "config"):
        if file.name in ("urls.py", "views.py") or "views" in file.parts:
            continue
        for module in imported_modules(file):
            if ".views" in module and "django.contrib.auth" not in module:
                offending[str(file.relative_to(ROOT))] = module
    assert offending == {}


def test_no_module_is_over_six_hundred_lines():
    long = {
        str(file.relative_to(ROOT)): lines
        for file in sources("arguments", "corpus", "config")
        if "seed" not in file.parts and (lines := len(file.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_app_keeps_its_modules_in_feature_folders():
    top_level = sorted(file.name for file in APP.glob("*.py"))
    assert len(top_level) <= MAX_TOP_LEVEL_MODULES, top_level
