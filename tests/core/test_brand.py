"""The publication's brand: colours and logos checked when set, reaching the pages through /brand.css and the
masthead, the footer and the home page's Organization JSON-LD."""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from PIL import Image as PILImage
from wagtail.models import Site

from kabar.core import brand
from kabar.core.models import PublicationSettings, SectionColour
from kabar.demo.brand import LOGO_SVG
from tests import factories

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 20">'


def publication() -> PublicationSettings:
    return PublicationSettings.for_site(Site.objects.get(is_default_site=True))


def svg(body: str, head: str = SVG_HEAD) -> SimpleUploadedFile:
    return SimpleUploadedFile("logo.svg", f"{head}{body}</svg>".encode(), content_type="image/svg+xml")


def png(size: tuple[int, int] = (300, 60)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (179, 38, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


# Colours --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("colour", ["#b3261e", "#0B5CAD", "#1a1a1a"])
def test_a_colour_readable_on_white_is_accepted(colour):
    brand.validate_text_colour(colour)


@pytest.mark.parametrize("colour", ["#ffc247", "#7cb8ff", "#ffffff"])
def test_a_colour_too_light_to_read_on_white_is_refused(colour):
    with pytest.raises(ValidationError) as refused:
        brand.validate_text_colour(colour)
    assert refused.value.code == "contrast"


@pytest.mark.parametrize("colour", ["red", "#b3261", "b3261e", "#b3261e;}body{display:none", "#gggggg"])
def test_anything_but_a_six_digit_hex_colour_is_refused(colour):
    with pytest.raises(ValidationError) as refused:
        brand.validate_text_colour(colour)
    assert refused.value.code == "colour"


@pytest.mark.parametrize("colour", ["#b3261e", "#1d5fa8", "#0d6671", "#1a1a1a"])
def test_the_dark_theme_gets_a_lighter_colour_that_reads_on_its_background(colour):
    lighter = brand.for_dark_theme(colour)
    assert brand.contrast(lighter, brand.DARK_BACKGROUND) >= brand.AA_CONTRAST
    assert brand.contrast(colour, brand.LIGHT_BACKGROUND) >= brand.AA_CONTRAST


# Logos ----------------------------------------------------------------------------------------------------


def test_the_demo_logo_is_accepted_with_its_size():
    assert brand.logo_size(io.BytesIO(LOGO_SVG.encode())) == (132, 40)


def test_a_png_logo_gives_its_pixel_size():
    assert brand.logo_size(png((480, 96))) == (480, 96)


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<rect width="10" height="10" onload="alert(1)"/>',
        '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
        '<a href="javascript:alert(1)"><rect width="1" height="1"/></a>',
        '<image href="https://example.com/x.png" width="1" height="1"/>',
        '<use href="https://example.com/sprite.svg#a"/>',
        "<style>rect{fill:url(https://example.com/track)}</style>",
        '<rect width="1" height="1" style="fill:red"/>',
        '<rect width="1" height="1" fill="url(https://example.com/x)"/>',
        '<set attributeName="href" to="javascript:alert(1)"/>',
    ],
)
def test_an_svg_logo_that_could_run_script_or_load_anything_is_refused(body):
    with pytest.raises(ValidationError):
        brand.logo_size(svg(body))


def test_an_svg_logo_with_entities_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    with pytest.raises(ValidationError):
        brand.logo_size(io.BytesIO(bomb))


def test_a_file_that_is_neither_png_nor_svg_is_refused():
    with pytest.raises(ValidationError):
        brand.logo_size(io.BytesIO(b"GIF89a\x01\x00"))


@pytest.mark.django_db
def test_the_settings_refuse_a_logo_with_script_and_keep_the_size_of_a_good_one():
    settings = publication()
    settings.logo = svg("<script>alert(1)</script>")
    with pytest.raises(ValidationError) as refused:
        settings.full_clean()
    assert "logo" in refused.value.message_dict

    settings.logo = png((300, 60))
    settings.full_clean()
    assert (settings.logo_width, settings.logo_height) == (300, 60)


# The pages ------------------------------------------------------------------------------------------------


@pytest.fixture
def branded(db, django_capture_on_commit_callbacks):
    nasional = factories.section("Nasional")
    settings = publication()
    settings.publication_name = "Warta Kita"
    settings.tagline = "Kabar dari kampung halaman"
    settings.accent_colour = "#b3261e"
    settings.whatsapp_channel_url = "https://whatsapp.com/channel/wartakita"
    settings.logo = png((300, 60))
    settings.full_clean()
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
        SectionColour.objects.create(publication=settings, section=nasional, colour="#1d6b3a")
        settings.save()  # as the admin's form does: the row, then its section colours, in one commit
    return settings


def test_brand_css_sets_the_accent_and_each_section_colour_for_both_themes(client, branded):
    home = client.get("/").content.decode()
    link = re.search(r'href="(/brand\.css\?v=\w+)"', home)
    assert link, "every page links the brand stylesheet"

    response = client.get(link.group(1))
    css = response.content.decode()
    assert response["Content-Type"].startswith("text/css")
    assert ":root{--brand:#b3261e;" in css
    assert ".sec-nasional{--section:#1d6b3a}" in css
    assert f".sec-nasional{{--section:{brand.for_dark_theme('#1d6b3a')}}}" in css
    assert "prefers-color-scheme:dark" in css
    assert "immutable" in response["Cache-Control"]
    assert len(response.content) < 1024


def test_brand_css_under_an_old_version_is_not_kept_for_long(client, branded):
    response = client.get("/brand.css?v=0ld")
    assert "immutable" not in response["Cache-Control"]


def test_a_saved_colour_changes_the_stylesheet_address_at_once(client, branded, django_capture_on_commit_callbacks):
    before = re.search(r"brand\.css\?v=(\w+)", client.get("/").content.decode()).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        branded.accent_colour = "#1d5fa8"
        branded.save()
    page = client.get("/").content.decode()
    after = re.search(r"brand\.css\?v=(\w+)", page).group(1)
    assert after != before
    assert "#1d5fa8" in client.get(f"/brand.css?v={after}").content.decode()


def test_the_masthead_and_footer_show_the_publication(client, branded):
    page = client.get("/").content.decode()
    assert 'alt="Warta Kita"' in page
    assert 'width="180" height="36"' in page  # 300x60 shown 36 px tall keeps its box before it loads
    assert "Kabar dari kampung halaman" in page
    assert 'href="https://whatsapp.com/channel/wartakita"' in page
    assert "<title>Warta Kita" in page or "Warta Kita</title>" in page or "Warta Kita" in page.split("</title>")[0]
    assert "style=" not in page.split("<main")[0]  # the CSP forbids style attributes


def test_the_home_page_names_the_organization_with_its_logo(client, branded):
    page = client.get("/").content.decode()
    blocks = [json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)]
    organization = next(block for block in blocks if block["@type"] == "NewsMediaOrganization")
    assert organization["name"] == "Warta Kita"
    assert organization["logo"]["url"].endswith(branded.logo.url)
    assert organization["sameAs"] == ["https://whatsapp.com/channel/wartakita"]


@pytest.mark.django_db
def test_public_pages_allow_large_image_previews(client):
    page = client.get("/").content.decode()
    assert '<meta name="robots" content="max-image-preview:large">' in page


@pytest.mark.django_db
def test_without_settings_the_site_shows_its_configured_name_and_no_brand_stylesheet(client, settings):
    page = client.get("/").content.decode()
    assert f'<span class="site-logo__word">{settings.SITE_NAME}</span>' in page
    assert "brand.css" not in page


@pytest.mark.django_db
def test_the_header_search_and_section_menu_work_without_javascript(client):
    factories.section("Ekonomi")
    page = client.get("/").content.decode()
    header = page.split("</header>")[0]
    assert '<details class="site-search-toggle"' in header
    assert 'action="/search/"' in header
    assert '<details class="site-menu"' in header
    assert 'href="/ekonomi/"' in header.split('<nav class="site-nav"')[0]  # in the menu, not only the wide-screen row
    assert gettext("All sections") in header


@pytest.mark.django_db
def test_messages_show_once_in_the_message_area(client):
    from django.contrib.auth.models import User

    user = User.objects.create_user("pembaca", "pembaca@example.com", "kata-sandi-panjang-1")
    client.force_login(user)
    page = client.post("/akun/riwayat/hapus/", follow=True).content.decode()
    area = re.search(r'<ul class="messages" role="status">(.*?)</ul>', page, re.S)
    assert area, "the message is shown"
    assert gettext("Your reading history is cleared.") in area.group(1)
    assert page.count(gettext("Your reading history is cleared.")) == 1


# The admin's publication settings ----------------------------------------------------------------------


def settings_form(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "publication_name": "Warta Kita",
        "tagline": "",
        "accent_colour": "#b3261e",
        "whatsapp_channel_url": "",
        "telegram_channel_url": "",
        "x_handle": "",
        "facebook_url": "",
        "section_colours-TOTAL_FORMS": "0",
        "section_colours-INITIAL_FORMS": "0",
        "section_colours-MIN_NUM_FORMS": "0",
        "section_colours-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


@pytest.fixture
def admin_client(client, settings):
    settings.KABAR_STAFF_MFA_GRACE_DAYS = 3650  # about the form, not two-factor (tested elsewhere)
    client.force_login(factories.staff("admin-merek", None, superuser=True))
    return client


def settings_url() -> str:
    return f"/admin/settings/core/publicationsettings/{Site.objects.get(is_default_site=True).pk}/"


@pytest.mark.django_db
def test_an_admin_cannot_upload_a_logo_that_runs_script(admin_client):
    response = admin_client.post(settings_url(), settings_form(logo=svg("<script>alert(1)</script>")))
    assert response.status_code == 200  # the form again, with the error
    assert not publication().logo
    message = gettext("The SVG logo may hold drawing only; it has a <%(element)s> element.") % {"element": "script"}
    assert html.escape(message, quote=False) in response.content.decode()


@pytest.mark.django_db
def test_an_admin_sets_the_logo_accent_and_a_section_colour(admin_client, django_capture_on_commit_callbacks):
    ekonomi = factories.section("Ekonomi")
    form = settings_form(
        logo=png((240, 48)),
        **{
            "section_colours-TOTAL_FORMS": "1",
            "section_colours-0-section": str(ekonomi.pk),
            "section_colours-0-colour": "#0d6671",
            "section_colours-0-ORDER": "1",
            "section_colours-0-id": "",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(settings_url(), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = publication()
    assert (saved.logo_width, saved.logo_height) == (240, 48)
    assert saved.logo.name.endswith(".png")
    css = admin_client.get("/brand.css").content.decode()
    assert "--brand:#b3261e" in css and ".sec-ekonomi{--section:#0d6671}" in css


@pytest.mark.django_db
def test_an_admin_is_told_when_a_colour_is_too_light(admin_client):
    response = admin_client.post(settings_url(), settings_form(accent_colour="#ffc247"))
    assert response.status_code == 200
    assert publication().accent_colour == ""


@pytest.mark.django_db
def test_a_brand_saved_by_another_process_shows_on_the_next_request_without_a_shared_cache(client, settings):
    """With the embedded default (each process's own memory as the cache), a save in one web process
    cannot clear another's memory, so no process may keep the brand there."""
    embedded = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "brand-test"}
    settings.CACHES = {**settings.CACHES, "default": embedded}
    site = Site.objects.get(is_default_site=True)
    PublicationSettings.for_site(site)
    assert client.get("/").status_code == 200
    before = brand.brand_for_site(site.pk)
    # Another process's save: this process's signals never hear of it.
    PublicationSettings.objects.filter(site=site).update(accent_colour="#0b5cad", publication_name="Kabar Timur")
    after = brand.brand_for_site(site.pk)
    assert after.name == "Kabar Timur" and after.name != before.name
    assert "Kabar Timur" in client.get("/redaksi-tidak-ada/").content.decode()
