"""Topics given as nested JSON (lists or objects inside the list) are refused with a message, not a 500."""

from __future__ import annotations

import json

import pytest

from kabar.alerts.models import PushSubscription
from tests.alerts.push_service import FakeBrowser

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "topics",
    [
        [["breaking"]],
        ["breaking", ["picks"]],
        [{"topic": "breaking"}],
        ["breaking", {"a": ["b"]}],
        [[[]]],
        [None],
        [1],
        {"breaking": ["x"]},
    ],
    ids=["list-in-list", "name-and-list", "object-in-list", "name-and-object", "deep-list", "null", "number", "object"],
)
def test_nested_topics_answer_400_with_a_message(client, push_service, topics):
    browser = FakeBrowser(push_service)

    response = client.post(
        "/push/subscribe/",
        json.dumps({"subscription": browser.subscription(), "topics": topics}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert "topic" in response.json()["error"]
    assert not PushSubscription.objects.exists()
