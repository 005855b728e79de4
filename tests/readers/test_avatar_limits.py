"""An avatar upload takes bounded memory, refuses hostile files with a message, and the form is rate-limited.

Peak memory is measured in a child process (ru_maxrss, which counts Pillow's C allocations too),
as its growth over the child's own baseline once Django is set up.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kabar.readers import queries, services
from kabar.readers.models import ReaderProfile
from tests.i18n import site_text
from tests.parsing import html
from tests.readers import factories as readers

REPO = Path(__file__).resolve().parents[2]
# Far above the ~70 MB a 4096x4096 RGBA picture decodes to; far below the 460 MB a 6,300x6,300 PNG took.
PEAK_BUDGET_MB = 150

MEASURE = """
import json, resource, sys
import django
django.setup()
from django.core.files import File
from kabar.readers import services
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with open(sys.argv[1], "rb") as handle:
    try:
        picture = services.prepare_avatar(File(handle, name="upload.png"))
        outcome = "made %d bytes" % picture.size
    except services.AvatarError as error:
        outcome = "refused: %s" % error
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "peak_mb": (after - before) / 1024}))
"""


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, *, alpha: bool = False, extra_before: bytes = b"", extra_after: bytes = b"") -> bytes:
    """A plain PNG of one colour, written row by row, so the test never holds the decoded picture."""
    channels = 4 if alpha else 3
    row = b"\x00" + bytes([200, 40, 40, 128][:channels]) * width
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + extra_before
        + chunk(b"IDAT", data)
        + extra_after
        + chunk(b"IEND", b"")
    )


def peak_of_prepare_avatar(path: Path) -> dict[str, object]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kabar.settings.testing", "KABAR_TESTING": "1"}
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_6300_pixel_png_that_took_460_mb_is_refused_before_it_is_decoded(tmp_path):
    path = tmp_path / "huge.png"
    path.write_bytes(png(6300, 6300))

    measured = peak_of_prepare_avatar(path)

    assert measured["outcome"] == "refused: " + site_text("The picture has too many pixels.")
    assert measured["peak_mb"] < PEAK_BUDGET_MB


@pytest.mark.parametrize("alpha", [False, True], ids=["rgb", "rgba"])
def test_the_largest_picture_taken_is_made_an_avatar_within_the_memory_budget(tmp_path, alpha):
    path = tmp_path / "largest.png"
    path.write_bytes(png(4096, 4096, alpha=alpha))

    measured = peak_of_prepare_avatar(path)

    assert str(measured["outcome"]).startswith("made ")
    assert measured["peak_mb"] < PEAK_BUDGET_MB


def test_the_reduced_avatar_keeps_the_centre_and_white_behind_transparency():
    buffer = io.BytesIO()
    picture = Image.new("RGBA", (3000, 1000), (0, 0, 0, 0))
    picture.paste((20, 60, 200, 255), (1000, 0, 2000, 1000))  # the centre square is blue, the sides transparent
    picture.paste((200, 0, 0, 255), (1000, 0, 2000, 20))  # with a red top edge
    picture.save(buffer, format="PNG")

    made = services.prepare_avatar(SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png"))

    with Image.open(made) as stored:
        assert stored.size == (256, 256)
        red, _green, blue = stored.getpixel((128, 128))
        assert blue > 180 and red < 60
        assert stored.getpixel((128, 1))[0] > 150  # the red edge is still on top


def test_a_photo_turned_by_its_exif_orientation_is_stored_upright():
    buffer = io.BytesIO()
    picture = Image.new("RGB", (2000, 2000), (0, 0, 255))
    picture.paste((255, 0, 0), (0, 0, 2000, 400))  # red along the top as stored ...
    exif = Image.Exif()
    exif[services.EXIF_ORIENTATION] = 6  # ... which is the right-hand side once turned upright
    picture.save(buffer, format="JPEG", exif=exif)

    made = services.prepare_avatar(SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg"))

    with Image.open(made) as stored:
        assert stored.getpixel((250, 128))[0] > 200
        assert stored.getpixel((5, 128))[2] > 200


def ztxt(decompressed_bytes: int) -> bytes:
    return chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * decompressed_bytes, 9))


def iccp(decompressed_bytes: int) -> bytes:
    return chunk(b"iCCP", b"icc\x00\x00" + zlib.compress(b"\x00" * decompressed_bytes, 9))


HOSTILE_PNGS = {
    "ztxt-before-the-pixels": png(64, 64, extra_before=ztxt(50_000_000)),
    "ztxt-after-the-pixels": png(64, 64, extra_after=ztxt(50_000_000)),
    "iccp-profile": png(64, 64, extra_before=iccp(50_000_000)),
    "many-text-chunks": png(64, 64, extra_before=b"".join(ztxt(900_000) for _ in range(80))),
    "truncated": png(300, 300)[:-200],
}


@pytest.mark.django_db
@pytest.mark.parametrize("content", HOSTILE_PNGS.values(), ids=HOSTILE_PNGS.keys())
def test_a_png_with_a_huge_compressed_chunk_gets_a_form_error_not_a_500(client, content):
    reader = readers.reader("Nama Lama")
    readers.log_in(client, reader)
    upload = SimpleUploadedFile("teks.png", content, content_type="image/png")

    response = client.post("/akun/profil/", {"display_name": "Nama Baru", "avatar": upload})

    assert response.status_code == 400
    errors = html(response).find("ul", cls="errorlist")
    assert errors is not None and site_text("The file is not a picture Kabar can read.") in errors.text
    assert queries.reader_name(reader, queries.profile_of(reader)) == "Nama Lama"


def test_when_every_image_slot_is_busy_the_upload_is_refused_politely(settings, monkeypatch):
    monkeypatch.setattr(services, "AVATAR_WAIT_SECONDS", 0.01)
    slots = services.image_slots()
    taken = 0
    while slots.acquire(blocking=False):
        taken += 1
    try:
        with pytest.raises(services.AvatarError) as refused:
            services.prepare_avatar(readers.picture())
    finally:
        for _ in range(taken):
            slots.release()

    assert taken == settings.KABAR_AVATAR_CONCURRENCY
    assert str(refused.value) == site_text("Many pictures are being uploaded right now. Try again in a minute.")
    assert services.prepare_avatar(readers.picture()).size > 0


@pytest.mark.django_db
def test_the_profile_form_is_rate_limited_per_reader(client, settings):
    settings.KABAR_PROFILE_RATE = 2
    reader = readers.reader("Nama Awal")
    readers.log_in(client, reader)

    answers = [client.post("/akun/profil/", {"display_name": f"Nama {n}"}).status_code for n in range(3)]

    assert answers == [302, 302, 429]
    refused = client.post("/akun/profil/", {"display_name": "Nama Lain"})
    assert refused["Retry-After"] == "60"
    assert site_text("You have changed your profile many times in a short while. Try again in a minute.") in (
        html(refused).find("ul", cls="errorlist").text
    )
    assert queries.reader_name(reader, queries.profile_of(reader)) == "Nama 1"
    assert not ReaderProfile.objects.get(user=reader).avatar


@pytest.mark.django_db
def test_the_profile_form_is_rate_limited_per_client_address(client, settings):
    settings.KABAR_PROFILE_RATE = 100
    settings.KABAR_PROFILE_IP_RATE = 2
    answers = []
    for n in range(3):
        readers.log_in(client, readers.reader(f"Pembaca {n}"))
        answers.append(client.post("/akun/profil/", {"display_name": f"Nama {n}"}).status_code)

    assert answers == [302, 302, 429]
