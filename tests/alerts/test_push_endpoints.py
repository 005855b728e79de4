"""Which push endpoints Kabar posts to: the known push services, and the operator's own prefixes."""

from __future__ import annotations

import pytest

from kabar.alerts.channels.webpush import endpoint_refusal


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91bH",
        "https://fcm.googleapis.com/wp/dGVzdA",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk",
        "https://web.push.apple.com/QGuQyavXutnMH",
        "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD",
    ],
)
def test_the_known_push_services_are_accepted(endpoint):
    assert endpoint_refusal(endpoint) == ""


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://notify.windows.com.evil.example/w/",
        "https://evilnotify.windows.com/w/",
        "https://127.0.0.1/wpush/x",
        "https://169.254.169.254/latest/meta-data",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://fcm.googleapis.com/fcm send",
        "https://fcm.googleapis.com/x#fragment",
        "https://" + "a" * 1100 + ".fcm.googleapis.com/",
    ],
)
def test_anything_else_is_refused(endpoint):
    assert endpoint_refusal(endpoint) != ""


def test_an_allowed_prefix_admits_its_own_origin_and_path_only():
    allowed = ["http://127.0.0.1:8999/push/"]

    assert endpoint_refusal("http://127.0.0.1:8999/push/abc", allowed) == ""
    assert endpoint_refusal("http://127.0.0.1:8999/other/abc", allowed) != ""
    assert endpoint_refusal("http://127.0.0.1:9000/push/abc", allowed) != ""
    assert endpoint_refusal("http://127.0.0.1:8999@evil.example/push/abc", allowed) != ""
    assert endpoint_refusal("https://127.0.0.1:8999/push/abc", allowed) != ""
