"""One rule for the client's address: X-Forwarded-For is believed only from our own proxies
(KABAR_FORWARDED_ALLOW_IPS), read from the right, for rate limits, comments and the audit log alike."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse

from kabar.core import audit, clients, ratelimit

VARNISH = "10.0.0.5"


def request(peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_a_client_that_connects_directly_cannot_choose_its_address(settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = [VARNISH]
    assert clients.client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_our_proxy_the_address_it_saw_is_the_client(settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = [VARNISH]
    # Whatever the client put in the header itself stays to the left of what Varnish appended.
    assert clients.client_ip(request(VARNISH, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert clients.client_ip(request(VARNISH)) == VARNISH


def test_a_chain_of_our_proxies_is_skipped_by_network_to_the_first_address_that_is_not_ours(settings):
    # A CDN in front of Varnish: its published ranges and the Varnish machines are listed.
    settings.KABAR_FORWARDED_ALLOW_IPS = ["10.0.0.0/24", "173.245.48.0/20", "2400:cb00::/32"]
    chain = "6.6.6.6, 198.51.100.23, 173.245.48.10"
    assert clients.client_ip(request(VARNISH, chain)) == "198.51.100.23"
    assert clients.client_ip(request(VARNISH, "2001:db8::7, 2400:cb00::1")) == "2001:db8::7"


def test_when_every_hop_is_ours_the_leftmost_is_taken(settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = ["10.0.0.0/24"]
    assert clients.client_ip(request(VARNISH, "10.0.0.9, 10.0.0.7")) == "10.0.0.9"


def test_a_star_believes_any_peer_for_one_hop_only(settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = ["*"]
    assert clients.client_ip(request("192.0.2.50", "1.2.3.4, 198.51.100.8")) == "198.51.100.8"


def test_ports_and_ipv6_are_read_and_unreadable_entries_fall_back_to_the_peer(settings, caplog):
    settings.KABAR_FORWARDED_ALLOW_IPS = [VARNISH]
    assert clients.client_ip(request(VARNISH, "198.51.100.9:51234")) == "198.51.100.9"
    assert clients.client_ip(request(VARNISH, "[2001:db8::1]:443")) == "2001:db8::1"
    assert clients.client_ip(request(VARNISH, "2001:DB8:0::2")) == "2001:db8::2"
    assert clients.client_ip(request(VARNISH, "<script>")) == VARNISH
    assert "unreadable X-Forwarded-For" in caplog.text


def test_a_wrong_entry_in_the_setting_is_logged_and_the_rest_still_applies(settings, caplog):
    settings.KABAR_FORWARDED_ALLOW_IPS = ["varnish.internal", VARNISH]
    assert clients.client_ip(request(VARNISH, "198.51.100.10")) == "198.51.100.10"
    assert "varnish.internal" in caplog.text


def test_rate_limits_and_the_audit_log_use_the_same_rule(settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = [VARNISH]
    seen = request(VARNISH, "1.2.3.4, 198.51.100.11")
    assert ratelimit.client_ip(seen) == audit.client_ip(seen) == "198.51.100.11"
    spoofed = request("203.0.113.12", "198.51.100.11")
    assert ratelimit.client_ip(spoofed) == audit.client_ip(spoofed) == "203.0.113.12"


@pytest.mark.django_db
def test_readers_behind_one_proxy_are_limited_one_by_one(client, settings):
    settings.KABAR_FORWARDED_ALLOW_IPS = [VARNISH]
    settings.KABAR_PUSH_SUBSCRIBE_RATE = 1
    url = reverse("alerts:subscribe")

    def post(forwarded: str) -> int:
        return client.post(url, "{}", content_type="application/json", REMOTE_ADDR=VARNISH,
                           HTTP_X_FORWARDED_FOR=forwarded).status_code  # fmt: skip

    # The body is refused (400) until the address has used its one subscription a minute (429).
    assert post("198.51.100.31") != 429
    assert post("198.51.100.31") == 429
    assert post("198.51.100.32") != 429
    # Changing the claimed address in front of the proxy's own entry changes nothing.
    assert post("203.0.113.1, 198.51.100.31") == 429


def test_the_old_proxy_count_setting_is_refused_with_a_pointer_to_the_new_one():
    env = {**os.environ, "KABAR_TRUSTED_PROXY_COUNT": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "import kabar.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "KABAR_FORWARDED_ALLOW_IPS" in result.stderr
