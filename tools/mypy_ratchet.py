"""A ratchet on mypy's errors (run by `make lint`): no file may get more errors than its baseline.

mypy runs with the configuration in pyproject.toml ([tool.mypy]; strict on the core, the services,
queries, wire parsers and payment gateways). tools/mypy_baseline.txt holds the number of errors each
file had when it was last lowered. This check

- fails when a file has more errors than its baseline (a file not listed has a baseline of 0),
  and prints that file's errors;
- passes when files have as many or fewer, and says how to lower the baseline when some have fewer.

Usage:
  python tools/mypy_ratchet.py            check (make lint)
  python tools/mypy_ratchet.py --update   lower the baseline to the current counts (never raises one)
  python tools/mypy_ratchet.py --update --allow-increase
                                          write the current counts even where higher (needs a reason
                                          in the commit message)
  python tools/mypy_ratchet.py --summary  print the counts, total and for the strict modules

mypy's cache lives in .venv/, keyed by a hash of pyproject.toml and requirements/dev.lock (mypy keeps
stale errors in its cache when only a third-party module's options change).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tools" / "mypy_baseline.txt"
PYPROJECT = ROOT / "pyproject.toml"
DEV_LOCK = ROOT / "requirements" / "dev.lock"
ERROR = re.compile(r"^(?P<path>[^:\s][^:]*\.pyi?):(?P<line>\d+):(?:\d+:)? error: (?P<message>.*)$")
HOW_TO_LOWER = "python tools/mypy_ratchet.py --update (then commit tools/mypy_baseline.txt)"


def cache_dir() -> Path:
    digest = hashlib.sha256(PYPROJECT.read_bytes() + DEV_LOCK.read_bytes()).hexdigest()[:16]
    return ROOT / ".venv" / "mypy-cache" / digest


def run_mypy() -> tuple[Counter[str], dict[str, list[str]], float]:
    cache = cache_dir()
    if not cache.exists() and cache.parent.exists():
        # Caches made under an older configuration are of no further use.
        for old in cache.parent.iterdir():
            shutil.rmtree(old, ignore_errors=True)
    # The django-stubs plugin runs django.setup() with kabar.settings ([tool.django-stubs]), which needs
    # no secrets or services outside production; every app's ready() runs, so a broken one stops mypy.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kabar.settings"}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-error-summary", "--no-pretty"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    counts: Counter[str] = Counter()
    lines: dict[str, list[str]] = defaultdict(list)
    other = []
    for line in result.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            path = Path(match["path"]).as_posix()
            counts[path] += 1
            lines[path].append(line)
        elif ": note: " not in line and line.strip():
            other.append(line)
    # Exit status 1 means "errors found"; anything else (2: a crash or a configuration error) stops us.
    if result.returncode not in (0, 1) or (result.returncode == 1 and not counts):
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"mypy did not run to the end (exit status {result.returncode}).")
    if other:
        sys.stderr.write("mypy printed lines that are not errors or notes:\n" + "\n".join(other) + "\n")
    return counts, lines, elapsed


def read_baseline() -> Counter[str]:
    baseline: Counter[str] = Counter()
    if not BASELINE.exists():
        return baseline
    for raw in BASELINE.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            count, path = line.split(None, 1)
            baseline[path] = int(count)
    return baseline


def strict_patterns() -> list[re.Pattern[str]]:
    """The module patterns of pyproject's mypy overrides that turn on disallow_untyped_defs."""
    config = tomllib.loads(PYPROJECT.read_text())["tool"]["mypy"]
    patterns = []
    for override in config.get("overrides", []):
        if override.get("disallow_untyped_defs") or override.get("strict"):
            modules = override["module"]
            for module in [modules] if isinstance(modules, str) else modules:
                # As mypy reads them (Options.compile_glob): a ".*" matches zero or more components.
                first, *rest = module.split(".")
                regex = ".*" if first == "*" else re.escape(first)
                regex += "".join(r"(\..*)?" if part == "*" else re.escape("." + part) for part in rest)
                patterns.append(re.compile(regex + r"\Z"))
    return patterns


def module_of(path: str) -> str:
    module = path.removesuffix(".py").removesuffix(".pyi").replace("/", ".")
    return module.removesuffix(".__init__")


def is_strict(path: str, patterns: list[re.Pattern[str]]) -> bool:
    return any(pattern.match(module_of(path)) for pattern in patterns)


def write_baseline(counts: Counter[str]) -> None:
    patterns = strict_patterns()
    total = sum(counts.values())
    strict = sum(n for path, n in counts.items() if is_strict(path, patterns))
    body = "".join(f"{n} {path}\n" for path, n in sorted(counts.items()) if n > 0)
    BASELINE.write_text(
        "# mypy errors per file, the most each may have: tools/mypy_ratchet.py (make lint) fails above them.\n"
        f"# Lower with: {HOW_TO_LOWER}\n"
        f"# Total {total} errors in {sum(1 for n in counts.values() if n)} files; {strict} in the strict modules.\n"
        + body
    )


def summary(counts: Counter[str], title: str) -> str:
    patterns = strict_patterns()
    strict = sum(n for path, n in counts.items() if is_strict(path, patterns))
    files = sum(1 for n in counts.values() if n)
    return f"{title}: {sum(counts.values())} errors in {files} files, {strict} of them in the strict modules"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="lower the baseline to the current counts")
    parser.add_argument("--allow-increase", action="store_true", help="with --update: also raise counts")
    parser.add_argument("--summary", action="store_true", help="print the counts and exit 0")
    args = parser.parse_args()

    counts, lines, elapsed = run_mypy()
    baseline = read_baseline()
    worse = sorted(path for path in counts if counts[path] > baseline[path])
    better = sorted(path for path in baseline if counts[path] < baseline[path])

    if args.summary:
        print(summary(counts, "now"))
        print(summary(baseline, "baseline"))
        for path in sorted(counts):
            print(f"{counts[path]:4d} {path}{'  (strict)' if is_strict(path, strict_patterns()) else ''}")
        return 0

    if args.update:
        if worse and not args.allow_increase and BASELINE.exists():
            print("Not updating: these files have more errors than their baseline (fix them first,", file=sys.stderr)
            print("or pass --allow-increase and say why in the commit):", file=sys.stderr)
            for path in worse:
                print(f"  {path}: {baseline[path]} -> {counts[path]}", file=sys.stderr)
            return 1
        lower = Counter({path: min(counts[path], baseline[path]) for path in counts})
        new = counts if args.allow_increase or not BASELINE.exists() else lower
        write_baseline(new)
        print(f"Wrote {BASELINE.relative_to(ROOT)}. {summary(new, 'Baseline')}.")
        return 0

    if worse:
        print("mypy: these files have more errors than tools/mypy_baseline.txt allows:", file=sys.stderr)
        for path in worse:
            print(f"\n{path}: {counts[path]} errors, baseline {baseline[path]}", file=sys.stderr)
            for line in lines[path]:
                print(f"  {line}", file=sys.stderr)
        print(
            "\nFix the new errors (the list shows all of the file's errors; the new ones are among them).",
            file=sys.stderr,
        )
        return 1

    print(f"mypy ({elapsed:.0f} s): {summary(counts, 'now')}; none above the baseline.")
    if better:
        print("Fewer errors than the baseline in:")
        for path in better:
            print(f"  {path}: {baseline[path]} -> {counts[path]}")
        print(f"Lower the baseline: {HOW_TO_LOWER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
