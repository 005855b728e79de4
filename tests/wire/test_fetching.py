"""Fetching and polling feeds from real HTTP servers on loopback."""

import datetime as dt

import pytest
from django.utils import timezone

from kabar.wire import fetching, services
from kabar.wire.fetching import FetchError
from kabar.wire.models import WireFeed, WireItem
from tests.wire.conftest import Route, fixture_bytes, make_feed

pytestmark = pytest.mark.django_db

RSS = fixture_bytes("rss2_nusantara.xml")


def loopback_feed(server, path="/feed.xml", **fields):
    fields.setdefault("allow_private_network", True)
    fields.setdefault("poll_interval_seconds", 300)
    return make_feed(url=server.url(path), **fields)


def conditional(etag="", last_modified="", body=RSS):
    """A feed that answers 304 when the client already has this version."""

    def handle(handler):
        fresh = (etag and handler.headers.get("If-None-Match") == etag) or (
            last_modified and handler.headers.get("If-Modified-Since") == last_modified
        )
        handler.send_response(304 if fresh else 200)
        if etag:
            handler.send_header("ETag", etag)
        if last_modified:
            handler.send_header("Last-Modified", last_modified)
        handler.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        handler.send_header("Content-Length", "0" if fresh else str(len(body)))
        handler.end_headers()
        if not fresh:
            handler.wfile.write(body)

    return Route(handler=handle)


# --- fetch ----------------------------------------------------------------------------------


def test_fetch_returns_the_body_and_its_validators(loopback):
    loopback.routes["/feed.xml"] = Route(body=RSS, headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})
    result = fetching.fetch(loopback.url("/feed.xml"), allow_private_network=True)
    assert result.status == 200 and result.body == RSS
    assert result.etag == '"v1"' and result.content_type == "application/rss+xml"


def test_a_loopback_address_is_refused_unless_the_feed_allows_its_private_network(loopback):
    loopback.routes["/feed.xml"] = Route(body=RSS)
    with pytest.raises(FetchError, match="private or loopback address"):
        fetching.fetch(loopback.url("/feed.xml"))
    assert loopback.requests == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://127.0.0.1/feed.xml", "only http and https"),
        ("http://user:rahasia@127.0.0.1/feed.xml", "not in its URL"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://0.0.0.0/", "not an address a feed can be on"),
        ("http://[::ffff:127.0.0.1]/", "private or loopback"),
        ("http://10.1.2.3/", "private or loopback"),
        ("http://localhost/", "private or loopback"),
    ],
)
def test_urls_outside_the_rules_are_refused_before_connecting(url, message):
    with pytest.raises(FetchError, match=message):
        fetching.fetch(url, allow_private_network="private or loopback" not in message)


def test_a_redirect_to_a_link_local_address_is_refused_even_on_a_private_network_feed(loopback):
    loopback.routes["/feed.xml"] = Route(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(FetchError, match=r"169\.254\.169\.254 is a link-local address"):
        fetching.fetch(loopback.url("/feed.xml"), allow_private_network=True)


def test_redirects_are_followed_and_each_target_checked(loopback):
    loopback.routes["/old.xml"] = Route(301, headers={"Location": "/feed.xml"})
    loopback.routes["/feed.xml"] = Route(body=RSS)
    result = fetching.fetch(loopback.url("/old.xml"), allow_private_network=True)
    assert result.body == RSS and result.url == loopback.url("/feed.xml")


def test_a_redirect_loop_is_an_error(loopback):
    loopback.routes["/a"] = Route(302, headers={"Location": "/b"})
    loopback.routes["/b"] = Route(302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetching.fetch(loopback.url("/a"), allow_private_network=True)


def test_more_than_five_redirects_is_an_error(loopback):
    for n in range(7):
        loopback.routes[f"/r{n}"] = Route(302, headers={"Location": f"/r{n + 1}"})
    loopback.routes["/r7"] = Route(body=RSS)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetching.fetch(loopback.url("/r0"), allow_private_network=True)
    assert len(loopback.requests) == 6


def test_a_document_over_the_size_cap_is_refused_by_its_content_length(loopback, settings):
    settings.KABAR_WIRE_MAX_BYTES = 1000
    loopback.routes["/feed.xml"] = Route(body=RSS)
    with pytest.raises(FetchError, match=f"the document is {len(RSS)} bytes, over the 1000-byte limit"):
        fetching.fetch(loopback.url("/feed.xml"), allow_private_network=True)


def test_a_document_over_the_size_cap_is_refused_while_streaming_when_it_has_no_length(loopback, settings):
    settings.KABAR_WIRE_MAX_BYTES = 100_000

    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        try:
            for _ in range(50):
                handler.wfile.write(b"<!-- isi -->" * 1000)
        except (BrokenPipeError, ConnectionResetError):
            pass

    loopback.routes["/feed.xml"] = Route(handler=endless)
    with pytest.raises(FetchError, match="over the 100000-byte limit"):
        fetching.fetch(loopback.url("/feed.xml"), allow_private_network=True)


def test_a_server_that_does_not_answer_in_time_is_a_timeout(loopback):
    loopback.routes["/feed.xml"] = Route(body=RSS, delay=5)
    with pytest.raises(FetchError, match="timed out"):
        fetching.fetch(loopback.url("/feed.xml"), allow_private_network=True, timeout=0.3)


def test_each_authentication_kind_sends_its_header(loopback):
    loopback.routes["/feed.xml"] = Route(body=RSS)
    feeds = [
        WireFeed(auth_kind="basic", username="kabar", password="rahasia"),
        WireFeed(auth_kind="bearer", token="tok-123"),
        WireFeed(auth_kind="api_key_header", api_key_header="X-Kunci", token="kunci-456"),
    ]
    for feed in feeds:
        fetching.fetch(loopback.url("/feed.xml"), headers=fetching.auth_headers(feed), allow_private_network=True)
    assert loopback.requests[0]["authorization"] == "Basic a2FiYXI6cmFoYXNpYQ=="
    assert loopback.requests[1]["authorization"] == "Bearer tok-123"
    assert loopback.requests[2]["x-kunci"] == "kunci-456"


def test_credentials_are_not_sent_on_to_another_host(loopback_factory):
    agency, elsewhere = loopback_factory(), loopback_factory()
    port = elsewhere.server.server_address[1]
    agency.routes["/feed.xml"] = Route(302, headers={"Location": f"http://localhost:{port}/mirror.xml"})
    elsewhere.routes["/mirror.xml"] = Route(body=RSS)
    result = fetching.fetch(
        agency.url("/feed.xml"), headers={"Authorization": "Bearer tok-123"}, allow_private_network=True
    )
    assert result.body == RSS
    assert agency.requests[0]["authorization"] == "Bearer tok-123"
    assert "authorization" not in elsewhere.requests[0]


# --- poll_feed ------------------------------------------------------------------------------


def test_polling_ingests_the_feed_and_records_success(loopback):
    loopback.routes["/feed.xml"] = Route(body=RSS, headers={"Content-Type": "application/rss+xml"})
    feed = loopback_feed(loopback)
    before = timezone.now()
    result = services.poll_feed(feed)
    assert result.ok and result.message == "3 new, 0 updated, 0 unchanged, 0 refused"
    feed.refresh_from_db()
    assert feed.last_success_at >= before and feed.consecutive_failures == 0
    assert feed.next_poll_at >= feed.last_success_at + dt.timedelta(seconds=300)
    assert WireItem.objects.filter(feed=feed).count() == 3


def test_an_etag_makes_the_next_poll_conditional_and_304_means_nothing_new(loopback):
    loopback.routes["/feed.xml"] = conditional(etag='"kbn-42"')
    feed = loopback_feed(loopback)
    services.poll_feed(feed)
    second = services.poll_feed(WireFeed.objects.get(pk=feed.pk))
    assert loopback.requests[1]["if-none-match"] == '"kbn-42"'
    assert second.ok and second.not_modified and second.message == "not modified"
    assert WireItem.objects.count() == 3


def test_last_modified_makes_the_next_poll_conditional(loopback):
    stamp = "Fri, 14 Mar 2025 04:00:00 GMT"
    loopback.routes["/feed.xml"] = conditional(last_modified=stamp)
    feed = loopback_feed(loopback)
    services.poll_feed(feed)
    second = services.poll_feed(WireFeed.objects.get(pk=feed.pk))
    assert loopback.requests[1]["if-modified-since"] == stamp
    assert second.not_modified
    assert WireFeed.objects.get(pk=feed.pk).last_modified == stamp


def test_a_server_error_is_recorded_and_the_next_poll_backs_off(loopback):
    loopback.routes["/feed.xml"] = Route(500, body=b"Internal Server Error")
    feed = loopback_feed(loopback)
    first = services.poll_feed(feed)
    assert not first.ok and first.message.startswith("HTTP 500")
    feed.refresh_from_db()
    assert feed.consecutive_failures == 1 and feed.last_error.startswith("HTTP 500")
    first_wait = feed.next_poll_at - feed.last_error_at
    services.poll_feed(feed)
    feed.refresh_from_db()
    assert feed.consecutive_failures == 2
    assert feed.next_poll_at - feed.last_error_at == first_wait * 2 == dt.timedelta(seconds=1200)


def test_back_off_never_waits_more_than_six_hours():
    feed = WireFeed(poll_interval_seconds=900)
    assert services.backoff_delay(feed, 30) == dt.timedelta(hours=6)
    assert services.backoff_delay(feed, 0) == dt.timedelta(seconds=900)


def test_a_slow_server_is_recorded_as_a_timeout(loopback, settings):
    settings.KABAR_WIRE_FETCH_TIMEOUT = 0.3
    loopback.routes["/feed.xml"] = Route(body=RSS, delay=5)
    feed = loopback_feed(loopback)
    result = services.poll_feed(feed)
    feed.refresh_from_db()
    assert not result.ok and "timed out" in feed.last_error
    assert feed.consecutive_failures == 1


def test_an_html_page_instead_of_a_feed_is_recorded_as_an_error(loopback):
    loopback.routes["/feed.xml"] = Route(body=fixture_bytes("html_page.html"), headers={"Content-Type": "text/html"})
    feed = loopback_feed(loopback)
    result = services.poll_feed(feed)
    assert not result.ok
    assert (
        WireFeed.objects.get(pk=feed.pk).last_error
        == "unreadable document: an HTML page, not a feed: check the feed's URL"
    )


def test_a_success_after_failures_resets_the_count_and_keeps_the_last_error_for_the_record(loopback):
    loopback.routes["/feed.xml"] = Route(503)
    feed = loopback_feed(loopback)
    services.poll_feed(feed)
    loopback.routes["/feed.xml"] = Route(body=RSS)
    services.poll_feed(WireFeed.objects.get(pk=feed.pk))
    feed.refresh_from_db()
    assert feed.consecutive_failures == 0
    assert feed.last_error.startswith("HTTP 503") and feed.last_success_at > feed.last_error_at


def test_poll_due_feeds_polls_each_due_feed_and_one_failure_does_not_stop_the_others(loopback):
    loopback.routes["/good.xml"] = Route(body=RSS)
    loopback.routes["/broken.xml"] = Route(500)
    broken = loopback_feed(loopback, "/broken.xml", name="Rusak")
    good = loopback_feed(loopback, "/good.xml", name="Baik")
    later = loopback_feed(loopback, "/good.xml", name="Belum waktunya")
    WireFeed.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + dt.timedelta(minutes=5))
    disabled = loopback_feed(loopback, "/good.xml", name="Mati", enabled=False)

    results = services.poll_due_feeds(workers=1)

    assert {r.feed.name: r.ok for r in results} == {"Rusak": False, "Baik": True}
    assert WireItem.objects.filter(feed=good).count() == 3
    assert not WireItem.objects.filter(feed__in=[later, disabled]).exists()
    assert WireFeed.objects.get(pk=broken.pk).consecutive_failures == 1
    assert services.poll_due_feeds(workers=1) == []  # nothing is due again until its next_poll_at
