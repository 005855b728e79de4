"""deploy/varnish/kabar.vcl in Debian's Varnish, in front of a real `kabar serve` and `kabar worker`."""

from __future__ import annotations

import datetime as dt
import gzip
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import override_settings
from django.utils import timezone

from kabar.delivery.variants import COOKIE_NAME, sign_member_cookie
from tests.caching.servers import KABAR, ROOT, SECRET_KEY, KabarSite, VarnishCache, get, run_kabar, wait_until

BURST = 50

CORRECT = """
import time
from kabar.articles.models import ArticlePage
from kabar.articles.services import correct_article
correct_article(ArticlePage.objects.get(pk={id}), {note!r})
print("COMMITTED", time.time(), flush=True)
"""


@pytest.fixture(scope="module")
def stack(seeded_data_dir, tmp_path_factory):
    seeded, articles = seeded_data_dir
    where = tmp_path_factory.mktemp("varnish-stack")
    varnish = VarnishCache(where / "varnish", backend_port=0)
    site = KabarSite.copy_of(seeded, articles, where, KABAR_VARNISH_URLS=varnish.url)
    varnish.backend_port = site.port
    try:
        site.serve()
        site.work()
        varnish.start()
        yield site, varnish
    finally:
        varnish.stop()
        site.stop()


def through(varnish: VarnishCache, path: str, **headers: str) -> tuple[int, dict, bytes]:
    return get(varnish.url + path, headers)


def test_a_cached_article_is_served_by_varnish_without_reaching_kabar(stack):
    site, varnish = stack
    path = site.articles[0]["path"]
    verdicts = [through(varnish, path)[1]["x-cache"] for _ in range(3)]
    assert verdicts == ["MISS", "HIT", "HIT"]
    assert site.settled_backend_requests(path) == 1
    status, headers, _body = through(varnish, path)
    assert status == 200
    assert "xkey" not in headers  # the keys are for Varnish alone
    assert f"article:{site.articles[0]['id']}" in headers["cache-tag"].split(",")


def test_varnish_sends_pages_gzipped_to_a_browser_that_takes_gzip_and_whole_to_one_that_does_not(stack):
    site, varnish = stack
    path = site.articles[1]["path"]
    status, plain_headers, plain = through(varnish, path)
    assert status == 200
    assert "content-encoding" not in plain_headers
    status, headers, compressed = through(varnish, path, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(compressed) == plain
    assert len(compressed) < len(plain) / 2


def test_a_correction_is_visible_through_varnish_within_a_second(stack):
    site, varnish = stack
    article = site.articles[1]
    path = article["path"]
    through(varnish, path)
    assert through(varnish, path)[1]["x-cache"] == "HIT"
    note = "Ralat: gempa berkekuatan 6,2, bukan 6,8."
    editor = subprocess.Popen(
        [*KABAR, "shell", "-c", CORRECT.format(id=article["id"], note=note)],
        env=site.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    committed_at = None
    for line in editor.stdout:
        if line.startswith("COMMITTED"):
            committed_at = float(line.split()[1])
            break
    assert committed_at is not None, "the correction did not commit"
    while note not in through(varnish, path)[2].decode() and time.time() - committed_at < 5:
        time.sleep(0.02)
    visible_after = time.time() - committed_at
    editor.wait(timeout=30)
    assert note in through(varnish, path)[2].decode()
    assert visible_after <= 1.0, f"the correction showed through Varnish after {visible_after:.2f} s"


@pytest.mark.parametrize("hard", [False, True], ids=["soft-purge", "hard-purge"])
def test_a_burst_right_after_a_purge_reaches_kabar_once(stack, hard):
    site, varnish = stack
    article = site.articles[2 if not hard else 3]
    path = article["path"]
    through(varnish, path)
    assert through(varnish, path)[1]["x-cache"] == "HIT"
    before = site.settled_backend_requests(path)
    assert varnish.purge([f"article:{article['id']}"], hard=hard) == 200
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        answers = list(pool.map(lambda _n: through(varnish, path), range(BURST)))
    assert all(status == 200 for status, _headers, _body in answers)
    wait_until(lambda: site.backend_requests(path) > before, timeout=10, step=0.05)
    assert site.settled_backend_requests(path) == before + 1


def test_a_purge_from_an_address_not_allowed_is_refused(stack):
    site, varnish = stack
    path = site.articles[0]["path"]
    through(varnish, path)
    assert varnish.purge(["site"], source="127.0.0.2") == 403
    assert through(varnish, path)[1]["x-cache"] == "HIT"
    assert varnish.purge([f"article:{site.articles[0]['id']}"], source="127.0.0.1") == 200


def test_members_and_readers_get_copies_of_their_own_and_a_forged_cookie_fills_no_member_copy(stack):
    _site, varnish = stack
    with override_settings(SECRET_KEY=SECRET_KEY):
        member = sign_member_cookie(3, timezone.now() + dt.timedelta(days=30))
    reader_copy = through(varnish, "/topik/")
    assert reader_copy[1]["x-kabar-variant"] == "reader"
    assert through(varnish, "/topik/", Cookie="sessionid=abc; kabar_reader=1")[1]["x-cache"] == "HIT"

    forged = through(varnish, "/topik/", Cookie=f"{COOKIE_NAME}=3:9999999999:forged")
    assert (forged[1]["x-cache"], forged[1]["x-kabar-variant"]) == ("MISS", "reader")
    first = through(varnish, "/topik/", Cookie=f"{COOKIE_NAME}={member}")
    assert (first[1]["x-cache"], first[1]["x-kabar-variant"]) == ("MISS", "member")
    again = through(varnish, "/topik/", Cookie=f"sessionid=abc; {COOKIE_NAME}={member}")
    assert (again[1]["x-cache"], again[1]["x-kabar-variant"]) == ("HIT", "member")
    assert again[1]["cache-control"].startswith("private")


def test_varnish_keeps_serving_its_copy_while_kabar_has_no_database(stack):
    site, varnish = stack
    path = "/nasional/"
    stored = through(varnish, path)
    assert stored[0] == 200
    site.database_down()
    try:
        wait_until(lambda: get(site.url + "/healthz")[0] == 503, timeout=10)
        time.sleep(1.5)  # the probe (every 0.5 s) marks Kabar sick
        # Kabar's own copy goes too, so only Varnish's grace can answer.
        run_kabar(
            site.env,
            "shell",
            "-c",
            "from kabar.delivery.pagecache.stores import get_store; get_store().purge(['site'], hard=True)",
        )
        assert varnish.purge(["site"]) == 200
        for _ in range(3):
            status, _headers, body = through(varnish, path)
            assert status == 200
            assert body == stored[2]
    finally:
        site.database_back()
    wait_until(lambda: get(site.url + "/healthz")[0] == 200, timeout=10)
