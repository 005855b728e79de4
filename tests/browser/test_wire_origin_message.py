"""The editor of an article made from the wire says where it came from, with a link one can read: the link
in Wagtail's coloured message band has the band's own text colour (contrast at least 4.5:1), not the admin's
link colour on it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kabar.wire import services
from tests import factories
from tests.browser.conftest import log_in
from tests.wire.conftest import DESK_RIGHTS, fixture_bytes, make_feed

pytestmark = pytest.mark.browser

CONTRAST = """
(link) => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let holder = link.parentElement;
  while (holder && getComputedStyle(holder).backgroundColor.replace(/ /g, "") === "rgba(0,0,0,0)") {
    holder = holder.parentElement;
  }
  const a = lum(rgb(getComputedStyle(link).color)), b = lum(rgb(getComputedStyle(holder).backgroundColor));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def test_the_made_from_the_wire_link_is_readable(open_context, site, artifact):
    from django.contrib.auth.models import Group, Permission

    for group_name, codenames in DESK_RIGHTS.items():
        Group.objects.get(name=group_name).permissions.add(
            *Permission.objects.filter(content_type__app_label="wire", codename__in=codenames)
        )
    feed = make_feed(default_section=factories.section("Nasional"))
    services.ingest_document(feed, fixture_bytes("newsml_g2_item.xml"))
    item = feed.items.get()
    writer = factories.staff("penulis", "Penulis")
    article = services.make_article_from_item(item, writer).article

    context, _problems = open_context()
    page = context.new_page()
    log_in(page, "penulis")
    page.goto(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    link = page.locator(f'.messages a[href="{reverse("wire_item", args=[item.pk])}"]')
    link.wait_for()
    page.screenshot(path=artifact("wire-origin-message.png"))
    assert page.evaluate(CONTRAST, link.element_handle()) >= 4.5
