"""The reader's name and picture: an uploaded picture checked and cut to a square, or their initials."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kabar.readers import queries, services
from kabar.readers.models import ReaderProfile
from tests.i18n import site_text
from tests.parsing import html
from tests.readers import factories as readers

pytestmark = pytest.mark.django_db


def upload(client, picture, name: str = "Budi Santoso", **extra):
    return client.post("/akun/profil/", {"display_name": name, "avatar": picture, **extra})


def test_a_reader_without_a_picture_shows_their_initials(client):
    reader = readers.reader("sari lestari wijaya")
    identity = queries.reader_identity(reader)
    assert identity.initials == "SL" and identity.avatar_url is None
    readers.log_in(client, reader)
    avatar = html(client.get("/akun/")).find("span", cls="avatar--large")
    assert avatar.text.strip() == "SL"


def test_the_name_falls_back_to_the_social_name_then_the_address():
    reader = readers.reader("")
    assert queries.reader_name(reader) == reader.email.split("@")[0]
    reader.first_name, reader.last_name = "Dewi", "Anggraini"
    assert queries.reader_name(reader) == "Dewi Anggraini"


def test_an_uploaded_picture_becomes_a_256_pixel_square_jpeg_without_metadata(client):
    reader = readers.reader()
    readers.log_in(client, reader)
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Kamera Rahasia"  # Make
    Image.new("RGB", (1200, 800), (10, 120, 60)).save(buffer, format="JPEG", exif=exif)
    response = upload(client, SimpleUploadedFile("saya.jpg", buffer.getvalue(), content_type="image/jpeg"))
    assert response.status_code == 302
    profile = ReaderProfile.objects.get(user=reader)
    assert profile.display_name == "Budi Santoso"
    with profile.avatar.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG" and stored.size == (256, 256)
        assert not stored.getexif()
    # A random name: nothing in the URL leads back to the account.
    assert re.fullmatch(r"avatars/[0-9a-f]{32}\.jpg", profile.avatar.name)
    status = client.get("/akun/status/").json()
    assert status["avatar_url"] == profile.avatar.url


def test_a_transparent_png_gets_a_white_background(client):
    reader = readers.reader()
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(buffer, format="PNG")
    services.update_profile(
        reader, display_name="Budi", avatar=SimpleUploadedFile("t.png", buffer.getvalue(), content_type="image/png")
    )
    with ReaderProfile.objects.get(user=reader).avatar.open("rb") as handle, Image.open(handle) as stored:
        assert stored.convert("RGB").getpixel((128, 128)) > (240, 240, 240)


@pytest.mark.parametrize(
    ("picture", "msgid"),
    [
        (
            SimpleUploadedFile("bukan.jpg", b"ini bukan gambar", content_type="image/jpeg"),
            "The file is not a picture Kabar can read.",
        ),
        (readers.picture("BMP", name="foto.bmp"), "Use a JPEG, PNG, WebP or GIF picture."),
        (readers.picture("TIFF", name="foto.tiff"), "Use a JPEG, PNG, WebP or GIF picture."),
    ],
)
def test_a_file_that_is_not_a_usable_picture_is_refused_with_a_reason(client, picture, msgid):
    message = site_text(msgid)
    reader = readers.reader("Nama Lama")
    readers.log_in(client, reader)
    response = upload(client, picture, name="Nama Baru")
    assert response.status_code == 400
    errors = html(response).find("ul", cls="errorlist")
    assert errors is not None and message in errors.text
    with pytest.raises(services.AvatarError, match=re.escape(message)):
        picture.seek(0)
        services.prepare_avatar(picture)
    # Nothing changed: not the picture, and not the name sent with it.
    assert queries.reader_name(reader, queries.profile_of(reader)) == "Nama Lama"
    assert not ReaderProfile.objects.get(user=reader).avatar


def test_a_picture_over_the_size_limit_is_refused(settings):
    settings.KABAR_AVATAR_MAX_BYTES = 1000
    told = site_text("The picture is too large: at most %(megabytes)s MB.", megabytes="0.000953674")  # 1000 bytes
    with pytest.raises(services.AvatarError, match=re.escape(told)):
        services.prepare_avatar(readers.picture("PNG", size=(400, 400)))


def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(monkeypatch):
    monkeypatch.setattr(services, "AVATAR_MAX_PIXELS", 100 * 100)
    with pytest.raises(services.AvatarError, match=re.escape(site_text("The picture has too many pixels."))):
        services.prepare_avatar(readers.picture("PNG", size=(200, 200)))


def test_replacing_or_removing_the_picture_deletes_the_old_file(client, django_capture_on_commit_callbacks):
    reader = readers.reader()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(reader, display_name="Budi", avatar=readers.picture())
    first = ReaderProfile.objects.get(user=reader).avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(reader, display_name="Budi", avatar=readers.picture("GIF"))
    second = ReaderProfile.objects.get(user=reader).avatar.name
    assert first != second
    assert not default_storage.exists(first) and default_storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(reader, display_name="Budi", remove_avatar=True)
    assert not ReaderProfile.objects.get(user=reader).avatar
    assert not default_storage.exists(second)


def test_the_display_name_cannot_be_blank(client):
    reader = readers.reader("Budi")
    readers.log_in(client, reader)
    response = client.post("/akun/profil/", {"display_name": "   "})
    assert response.status_code == 400
    assert queries.reader_name(reader, queries.profile_of(reader)) == "Budi"
