"""Every public template, the reader's and the Kabar+ member's pages included, passes axe-core with no
serious or critical violation and the Nu HTML Checker with no error.

The pages are tests/browser/site_pages.py's walk of the demo (the one list the design checks use too).
axe-core runs in the page at phone size (390x844), and again at laptop size (1366x768) on the pages
whose layout changes most there (home, section, article, the tree's other pages). The test browser's
contexts bypass the Content-Security-Policy so the checker's script can be injected: the site's own
policy stays as strict as it is (tests/browser/test_reader_journey.py checks it). The HTML as served is
written to files and checked in one run of vnu.jar on Debian's Java.

Both checkers come from tools/webcheck's npm lock (`make webcheck`, a prerequisite of `make test`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import PROJECT_DIR
from tests.browser.site_pages import MEMBER, READER, SitePage, SiteWalk, log_in, seed_demo_site, walk_site

pytestmark = pytest.mark.browser

WEBCHECK = PROJECT_DIR / "tools" / "webcheck" / "node_modules"
AXE = WEBCHECK / "axe-core" / "axe.min.js"
VNU = WEBCHECK / "vnu-jar" / "build" / "dist" / "vnu.jar"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
LAPTOP_KINDS = {"home", "section", "article", "page"}
BLOCKING = ("serious", "critical")

RUN_AXE = """
async (blocking) => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations.filter((v) => blocking.includes(v.impact)).map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map(
      (n) => n.target.join(" ") + ": " + (n.failureSummary || "").split("\\n").slice(1, 2).join(" ").trim()
    ),
    count: v.nodes.length,
  }));
}
"""


@pytest.fixture
def demo_walk(site: Any, tmp_path: Path) -> SiteWalk:
    seed_demo_site(tmp_path / "data")
    return walk_site()


def test_every_public_page_has_no_serious_accessibility_violation_and_valid_html(open_context, demo_walk, tmp_path):
    missing = [str(path.relative_to(PROJECT_DIR)) for path in (AXE, VNU) if not path.exists()]
    if missing or shutil.which("java") is None:
        pytest.fail(f"the checkers are not installed ({', '.join(missing) or 'java'}): run `make webcheck`")
    failures = list(demo_walk.problems)
    html_dir = tmp_path / "html"
    html_dir.mkdir()
    html_files: dict[Path, SitePage] = {}
    violations: dict[str, list[str]] = {}
    sessions: dict[str, Any] = {}
    for screen, size_name in ((PHONE, "390x844"), (LAPTOP, "1366x768")):
        for who in (None, READER, MEMBER):
            pages = [p for p in demo_walk.pages if p.who == who and (screen is PHONE or p.kind in LAPTOP_KINDS)]
            if not pages:
                continue
            context, _problems = open_context(**screen, bypass_csp=True, storage_state=sessions.get(who))
            if who is not None and who not in sessions:
                log_in(context, who)
                sessions[who] = context.storage_state()
            page = context.new_page()
            for site_page in pages:
                where = f"{site_page.label} at {size_name}"
                response = page.goto(site_page.path, wait_until="load")
                if response is None or response.status != site_page.status:
                    failures.append(f"{where}: status {response.status if response else None}")
                    continue
                html_file = html_dir / f"{site_page.name}.html"
                if html_file not in html_files:
                    html_file.write_bytes(response.body())
                    html_files[html_file] = site_page
                page.add_script_tag(path=str(AXE))
                for violation in page.evaluate(RUN_AXE, list(BLOCKING)):
                    # One line per problem, with every page it is on: most come from one shared template.
                    key = f"axe {violation['id']} ({violation['impact']}): {violation['help']}: " + " | ".join(
                        violation["nodes"]
                    )
                    violations.setdefault(key, []).append(f"{site_page.name}{'@' + who if who else ''} {size_name}")
            context.close()
    failures += [f"{problem}\n    on {', '.join(found_on)}" for problem, found_on in violations.items()]
    failures += validate_html(html_files)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


def validate_html(files: dict[Path, SitePage]) -> list[str]:
    """One run of the Nu HTML Checker over every page's HTML; one line per error."""
    java = shutil.which("java") or "java"
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(done.stderr or done.stdout)["messages"]
    except (ValueError, KeyError):
        return [f"vnu.jar gave no report (exit {done.returncode}): {done.stderr[-2000:]}"]
    by_name = {path.name: page for path, page in files.items()}
    errors: dict[str, list[str]] = {}
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        page = by_name.get(message.get("url", "").rsplit("/", 1)[-1])
        extract = " ".join(message.get("extract", "").split())[:120]
        where = f"{page.label if page else message.get('url', '?')} line {message.get('lastLine', '?')}"
        errors.setdefault(f"HTML: {message.get('message')} [{extract}]", []).append(where)
    return [f"{error}\n    on {', '.join(found_on)}" for error, found_on in errors.items()]
