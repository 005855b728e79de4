"""Checks that Kabar's declared runtime dependencies are honest (run by `make lint`).

1. requirements/base.in and pyproject.toml's [project] dependencies list the same requirements
   (name, extras and version specifiers).
2. Every third-party top-level module that kabar/ imports, or names in INSTALLED_APPS and
   MIDDLEWARE, is provided by a declared distribution (importlib.metadata.packages_distributions()
   in the project's virtualenv).
3. Every declared distribution provides a module that kabar/ imports or names, or is listed in
   USED_WITHOUT_IMPORT below with the reason.

Imports under `if TYPE_CHECKING:` are left out: they are development tools (mypy, the stubs).
Usage: python tools/check_dependencies.py  (exit status 1 on a disagreement).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "kabar"
BASE_IN = ROOT / "requirements" / "base.in"
PYPROJECT = ROOT / "pyproject.toml"
SETTINGS_LISTS = ("INSTALLED_APPS", "MIDDLEWARE")

# Declared distributions that Kabar uses without an import statement of its own.
USED_WITHOUT_IMPORT = {
    "granian": "kabar serve runs `python -m granian` (kabar/operations/management/commands/serve.py)",
    "psycopg": "Django's PostgreSQL backend imports it when DATABASE_URL is postgres://",
}


def read_base_in(path: Path) -> dict[str, Requirement]:
    requirements = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-"):
            raise SystemExit(f"{path.name}: options such as {line!r} are not understood by this check")
        requirement = Requirement(line)
        requirements[canonicalize_name(requirement.name)] = requirement
    return requirements


def read_pyproject(path: Path) -> dict[str, Requirement]:
    project = tomllib.loads(path.read_text())["project"]
    return {canonicalize_name(r.name): r for r in map(Requirement, project.get("dependencies", []))}


def describe(requirement: Requirement) -> str:
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    marker = f"; {requirement.marker}" if requirement.marker else ""
    return f"{canonicalize_name(requirement.name)}{extras}{requirement.specifier}{marker}"


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class ImportCollector(ast.NodeVisitor):
    def __init__(self) -> None:
        self.modules: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        if is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.modules.update(alias.name.split(".")[0] for alias in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self.modules.add(node.module.split(".")[0])


def imported_modules(package_dir: Path) -> dict[str, set[Path]]:
    """Top-level module name -> the files under package_dir that import it."""
    found: dict[str, set[Path]] = defaultdict(set)
    for path in sorted(package_dir.rglob("*.py")):
        collector = ImportCollector()
        collector.visit(ast.parse(path.read_text(), filename=str(path)))
        for module in collector.modules:
            found[module].add(path.relative_to(ROOT))
    return found


def settings_modules(package_dir: Path) -> dict[str, set[Path]]:
    """Top-level modules of the dotted paths that the settings list in INSTALLED_APPS and MIDDLEWARE
    (assignments to those names anywhere under package_dir, wherever the settings live)."""
    modules: dict[str, set[Path]] = defaultdict(set)
    for path in sorted(package_dir.rglob("*.py")):
        for module in setting_list_modules(ast.parse(path.read_text(), filename=str(path))):
            modules[module].add(path.relative_to(ROOT))
    return modules


def setting_list_modules(tree: ast.Module) -> set[str]:
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in SETTINGS_LISTS for t in targets):
                for item in ast.walk(node.value):
                    value = item.value if isinstance(item, ast.Constant) else None
                    if isinstance(value, str) and re.fullmatch(r"[A-Za-z_][\w.]*", value):
                        modules.add(value.split(".")[0])
    return modules


def main() -> int:
    problems: list[str] = []

    base_in = read_base_in(BASE_IN)
    pyproject = read_pyproject(PYPROJECT)
    for name in sorted(base_in.keys() | pyproject.keys()):
        if name not in pyproject:
            problems.append(f"{name}: in requirements/base.in but not in pyproject.toml [project] dependencies")
        elif name not in base_in:
            problems.append(f"{name}: in pyproject.toml [project] dependencies but not in requirements/base.in")
        elif describe(base_in[name]) != describe(pyproject[name]):
            problems.append(
                f"{name}: requirements/base.in says {describe(base_in[name])!r}, "
                f"pyproject.toml says {describe(pyproject[name])!r}"
            )

    declared = set(base_in)
    provided_by = importlib.metadata.packages_distributions()
    used = imported_modules(ROOT / PACKAGE)
    for module, files in settings_modules(ROOT / PACKAGE).items():
        used[module] |= files

    used_distributions: set[str] = set()
    for module, files in sorted(used.items()):
        if module == PACKAGE or module in sys.stdlib_module_names or module == "__future__":
            continue
        distributions = {canonicalize_name(d) for d in provided_by.get(module, [])}
        where = ", ".join(str(f) for f in sorted(files)[:3]) + (" ..." if len(files) > 3 else "")
        if not distributions:
            problems.append(f"{module}: imported ({where}) but no installed distribution provides it")
        elif not distributions & declared:
            problems.append(
                f"{module}: imported ({where}) but its distribution ({', '.join(sorted(distributions))}) "
                "is not declared in requirements/base.in and pyproject.toml"
            )
        used_distributions |= distributions

    for name in sorted(declared - used_distributions - set(USED_WITHOUT_IMPORT)):
        problems.append(
            f"{name}: declared but kabar/ never imports it (drop it, or add it to USED_WITHOUT_IMPORT "
            "in tools/check_dependencies.py with the reason)"
        )

    if problems:
        print("Dependency declarations disagree with the code:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"Dependencies: {len(declared)} declared in base.in and pyproject.toml, all used; every import declared.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
