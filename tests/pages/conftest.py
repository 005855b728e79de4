from __future__ import annotations

import pytest

from kabar.articles.models import HomePage
from kabar.pages.models import CorrectionsPage, InformationPage, MastheadPage, RightOfReplyPage, StandardPage


def add_page(model: type[InformationPage], slug: str, title: str, **fields: object) -> InformationPage:
    """A published page under the home page, in the footer unless told otherwise."""
    page = model(title=title, slug=slug, show_in_menus=fields.pop("show_in_menus", True), **fields)
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def right_of_reply_page(db) -> RightOfReplyPage:
    return add_page(RightOfReplyPage, "hak-jawab", "Hak Jawab", body="<p>Kirim hak jawab Anda.</p>")


@pytest.fixture
def corrections_page(db) -> CorrectionsPage:
    return add_page(CorrectionsPage, "koreksi", "Koreksi")


@pytest.fixture
def masthead_page(db) -> MastheadPage:
    return add_page(MastheadPage, "redaksi", "Redaksi", body="<p>Penerbit: PT Uji.</p>")


@pytest.fixture
def about_page(db) -> StandardPage:
    return add_page(
        StandardPage, "tentang-kami", "Tentang Kami", summary="Siapa kami.", body="<h2>Nilai kami</h2><p>Akurat.</p>"
    )
