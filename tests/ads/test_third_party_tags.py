"""Google Ad Manager tags: no inline snippet, slot config in data attributes, CSP widened on that page only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kabar.ads.models import Creative
from tests import factories
from tests.ads.conftest import ads_on, gpt_ad, house_ad, page

pytestmark = pytest.mark.django_db


def test_gpt_slot_is_an_empty_reserved_box_with_its_configuration(client):
    creative = gpt_ad("top", unit="/1234567/kabar/atas", sizes="320x50")
    document = page(client, factories.article().dated_path())
    [ad] = ads_on(document)
    assert ad.attrs["data-ad"] == str(creative.pk)
    frame = ad.find("div", cls="ad__frame")
    assert frame.attrs["data-gpt-unit"] == "/1234567/kabar/atas"
    assert frame.attrs["data-gpt-sizes"] == "320x50"
    assert frame.attrs["id"]
    # No inline script anywhere: the page's CSP has no 'unsafe-inline'.
    assert all(
        script.attrs.get("src") or script.attrs.get("type") == "application/ld+json"
        for script in document.find_all("script")
    )


def test_only_a_page_with_a_gpt_tag_allows_googles_ad_hosts(client, settings):
    article = factories.article()
    house_ad("top")
    plain = client.get(article.dated_path())["Content-Security-Policy"]
    assert "doubleclick" not in plain
    assert "'unsafe-inline'" not in plain
    gpt_ad("sticky", sizes="320x50")
    policy = client.get(article.dated_path())["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "https://securepubads.g.doubleclick.net" in script_src
    assert "'self'" in script_src and "'unsafe-inline'" not in script_src
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert "https://tpc.googlesyndication.com" in frame_src
    # The admin's own policy and the global settings are untouched.
    assert "doubleclick" not in str(settings.CONTENT_SECURITY_POLICY)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": Creative.Kind.GPT, "gpt_ad_unit": "", "gpt_sizes": "300x250"}, "gpt_ad_unit"),
        ({"kind": Creative.Kind.GPT, "gpt_ad_unit": "/123/a", "gpt_sizes": ""}, "gpt_sizes"),
        ({"kind": Creative.Kind.GPT, "gpt_ad_unit": "<script>", "gpt_sizes": "300x250"}, "gpt_ad_unit"),
        ({"kind": Creative.Kind.GPT, "gpt_ad_unit": "/123/a", "gpt_sizes": "300 by 250"}, "gpt_sizes"),
        ({"kind": Creative.Kind.HOUSE, "link_url": "javascript:alert(1)", "alt_text": "x"}, "link_url"),
        ({"kind": Creative.Kind.HOUSE, "link_url": "https://a.example/", "alt_text": ""}, "alt_text"),
    ],
)
def test_a_creative_that_cannot_show_properly_is_refused_with_a_clear_error(fields, field):
    creative = Creative(name="Uji", **fields)
    if creative.kind == Creative.Kind.HOUSE:
        creative.image = factories.image()
    with pytest.raises(ValidationError) as raised:
        creative.full_clean()
    assert field in raised.value.message_dict
