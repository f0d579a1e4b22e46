"""pyproject.toml names every package our code imports: one that arrives only as another's
dependency leaves with that one's next release, and the lock files pin only what pyproject.toml
asks for. The product's code imports only the runtime dependencies (the image installs no
others); the tests and the benchmark may import the dev ones too."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLING = {"tests", "bench"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*, dev: bool) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + (project["optional-dependencies"]["dev"] if dev else [])
    return {canonical(re.match(r"[A-Za-z0-9._-]+", line)[0]) for line in lines}


def python_files(*, tooling: bool) -> list[Path]:
    folders = [p for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")]
    chosen = [p for p in folders if (p.name in TOOLING) == tooling]
    return [f for folder in chosen for f in folder.rglob("*.py")] + (
        [] if tooling else list(ROOT.glob("*.py"))
    )


def top_level_imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.partition(".")[0]


def undeclared(*, tooling: bool) -> dict[str, str]:
    """{module: the first file importing it} for the third-party modules no declared
    distribution provides."""
    ours = {p.name for p in ROOT.iterdir()} | {p.stem for p in ROOT.glob("*.py")}
    providers = packages_distributions()
    allowed = declared(dev=tooling)
    missing = {}
    for path in python_files(tooling=tooling):
        for module in top_level_imports(path):
            if module in sys.stdlib_module_names or module in ours:
                continue
            if not allowed & {canonical(d) for d in providers.get(module, [module])}:
                missing.setdefault(module, str(path.relative_to(ROOT)))
    return missing


def test_the_products_code_imports_only_runtime_dependencies():
    assert undeclared(tooling=False) == {}


def test_the_tests_and_the_benchmark_import_only_declared_packages():
    assert undeclared(tooling=True) == {}
