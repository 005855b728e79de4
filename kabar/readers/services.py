"""Writes: a reader's profile, saved articles, reading history, follows, and their data rights.

The reader's data is theirs (UU 27/2022 on personal data protection): they can download all of
it and delete their account. Other apps keep data about readers too (comments, memberships);
readers must not import them (they sit in the same layer), so they plug in through two of Kabar's
hooks (kabar/core/hooks.py), registered in their own wagtail_hooks.py:

``kabar_export_reader_data``: what else Kabar holds about the reader, for the download::

    @hooks.register(kabar_hooks.EXPORT_READER_DATA)
    def export_reader_data(user: User) -> dict[str, Any]:
        '''Return {"<key>": <JSON-serialisable value>, ...}, e.g. {"comments": [...]}.'''

    Called with the account (positionally) while the download is built. Each key becomes a
    top-level key of the downloaded JSON; a key another part already uses is a configuration
    error. Values are encoded with Django's JSON encoder (datetimes, dates, decimals and UUIDs
    are fine). The function must not write anything.

``kabar_forget_reader``: forget the reader before the account goes::

    @hooks.register(kabar_hooks.FORGET_READER)
    def forget_reader(user: User, remove_comments: bool) -> None:
        '''Delete (remove_comments=True) or anonymise (False) everything this app holds about the user.'''

    Called as ``handler(user, remove_comments=...)`` (the parameter must be named
    ``remove_comments``) inside the same database transaction as the account's deletion, before
    the user row is deleted, so rows that point at the user can still be found. Raising any
    exception aborts the whole deletion: nothing is deleted and the reader sees an error.

A function that cannot be called that way is refused by `kabar check` at start-up (core.E011).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import struct
import threading
import warnings
import zlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from kabar.core import hooks
from kabar.readers import queries
from kabar.readers.models import Follow, ReaderProfile, ReadingHistory, SavedArticle

logger = logging.getLogger(__name__)

AVATAR_SIZE = 256
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Pixels an uploaded picture may have, read from its header before anything is decoded. 4096x4096
# takes every phone's 12 and 16 MP photos (4032x3024, 4624x3468), and 16.8 MP decode to 67 MB (Pillow
# keeps four bytes a pixel); the 40 MP allowed before let one 170 KB PNG take 454 MB. JPEGs decode at
# 1/2 to 1/8 of their size (draft), so only PNG, WebP and GIF ever decode in full.
AVATAR_MAX_PIXELS = 4096 * 4096
# A square at least twice the avatar's side is kept when reducing, so the final resize stays sharp.
AVATAR_WORKING_SIDE = 2 * AVATAR_SIZE
# The reduced square is made a band of this many of its rows at a time: the band's copy stays small.
AVATAR_BAND_ROWS = 32
# How long an upload waits for one of the process's image slots before the reader is asked to retry.
AVATAR_WAIT_SECONDS = 5.0
ALPHA_MODES = {"RGBA", "RGBa", "LA", "La", "PA"}
# EXIF orientation -> the turn that puts the picture upright (as ImageOps.exif_transpose does).
ORIENTATIONS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
EXIF_ORIENTATION = 0x0112


class ArticleNotFound(LookupError):
    """No published, public article has that id."""


class FollowTargetNotFound(LookupError):
    """No live section or topic, or no writer, has that id."""


class AvatarError(ValueError):
    """The uploaded picture is too big, not a picture, or of a kind Kabar does not take. The message says which."""


class StaffAccountError(PermissionError):
    """Newsroom accounts are not deleted from the reader's pages: an administrator removes them."""


# --- profile -------------------------------------------------------------------------------------


def ensure_profile(user: AbstractBaseUser) -> ReaderProfile:
    profile, _created = ReaderProfile.objects.get_or_create(user=user)
    return profile


def set_display_name(user: AbstractBaseUser, name: str) -> ReaderProfile:
    profile = ensure_profile(user)
    profile.display_name = name.strip()[:60]
    profile.save(update_fields=["display_name", "updated_at"])
    return profile


@functools.cache
def image_slots() -> threading.BoundedSemaphore:
    """The process's image work: decoding is memory- and CPU-heavy, so only a few run at once."""
    return threading.BoundedSemaphore(settings.KABAR_AVATAR_CONCURRENCY)


def prepare_avatar(upload: UploadedFile) -> ContentFile:
    """The uploaded picture checked and made into a 256x256 JPEG, with its metadata (EXIF, GPS) left behind.

    Memory stays bounded: the size is read from the header and checked before decoding, JPEGs are
    decoded reduced, the centre square is reduced a band at a time, and no more than
    KABAR_AVATAR_CONCURRENCY pictures are worked on at once in a process.
    """
    max_bytes = settings.KABAR_AVATAR_MAX_BYTES
    if upload.size is None or upload.size > max_bytes:
        raise AvatarError(
            _("The picture is too large: at most %(megabytes)s MB.") % {"megabytes": f"{max_bytes / 1024 / 1024:g}"}
        )
    slots = image_slots()
    if not slots.acquire(timeout=AVATAR_WAIT_SECONDS):
        logger.warning("avatar upload refused: every image slot of this process is busy")
        raise AvatarError(_("Many pictures are being uploaded right now. Try again in a minute."))
    try:
        square = _avatar_square(upload)
    finally:
        slots.release()
    output = io.BytesIO()
    square.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name="avatar.jpg")


def _avatar_square(upload: UploadedFile) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as picture:
                if picture.format not in AVATAR_FORMATS:
                    raise AvatarError(_("Use a JPEG, PNG, WebP or GIF picture."))
                if picture.width * picture.height > AVATAR_MAX_PIXELS:
                    raise AvatarError(_("The picture has too many pixels."))
                orientation = picture.getexif().get(EXIF_ORIENTATION)
                picture.seek(0)
                # JPEG only: decodes at 1/2, 1/4 or 1/8 scale, still at least the working side.
                picture.draft("RGB", (AVATAR_WORKING_SIDE, AVATAR_WORKING_SIDE))
                picture.load()
                square = _reduced_centre(picture)
    except AvatarError:
        raise
    # A damaged or hostile file fails in Pillow in many ways: a huge compressed text chunk is a
    # ValueError ("Decompressed data too large"), a truncated one an OSError, a broken one a SyntaxError.
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        struct.error,
        zlib.error,
    ) as error:
        logger.info("avatar upload refused: %s", error)
        raise AvatarError(_("The file is not a picture Kabar can read.")) from error
    # The centre square of an upright picture is the upright centre square, so turning it after is the same.
    if orientation in ORIENTATIONS:
        square = square.transpose(ORIENTATIONS[orientation])
    if square.mode == "RGBA":
        # JPEG has no transparency: transparent parts become white, not black.
        background = Image.new("RGB", square.size, (255, 255, 255))
        background.paste(square, mask=square.getchannel("A"))
        square = background
    return square.resize((AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)


def _reduced_centre(picture: Image.Image) -> Image.Image:
    """The picture's centre square in RGB (or RGBA if it has transparency), reduced to about the working side.

    Each band of rows is copied, converted and reduced on its own, so besides the decoded picture
    only one band and the small result are ever held: converting or reducing the whole picture at
    once (as Pillow does for RGBA) would copy all of it.
    """
    width, height = picture.size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    factor = max(1, side // AVATAR_WORKING_SIDE)
    mode = "RGBA" if picture.mode in ALPHA_MODES or "transparency" in picture.info else "RGB"
    reduced_side = -(-side // factor)
    result = Image.new(mode, (reduced_side, reduced_side))
    band_height = AVATAR_BAND_ROWS * factor
    for band_top in range(0, side, band_height):
        rows = min(band_height, side - band_top)
        band = picture.crop((left, top + band_top, left + side, top + band_top + rows)).convert(mode)
        result.paste(band.reduce(factor) if factor > 1 else band, (0, band_top // factor))
    return result


def update_profile(
    user: AbstractBaseUser, *, display_name: str, avatar: UploadedFile | None = None, remove_avatar: bool = False
) -> ReaderProfile:
    """Rename the reader and replace or remove their picture; a refused picture changes nothing."""
    picture = prepare_avatar(avatar) if avatar is not None else None
    profile = ensure_profile(user)
    old_name = profile.avatar.name if profile.avatar else ""
    profile.display_name = display_name.strip()[:60]
    if picture is not None:
        profile.avatar.save(picture.name, picture, save=False)
    elif remove_avatar:
        profile.avatar = ""
    profile.save()
    if old_name and old_name != profile.avatar.name:
        storage = profile.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    return profile


# --- saved articles ------------------------------------------------------------------------------


def save_article_for_later(user: AbstractBaseUser, article_id: int) -> SavedArticle:
    """Put the article on the reader's "Tersimpan" list; saving it again keeps its place."""
    if queries.readable_article(article_id) is None:
        raise ArticleNotFound(article_id)
    saved, _created = SavedArticle.objects.get_or_create(reader=user, article_id=article_id)
    return saved


def remove_saved_article(user: AbstractBaseUser, article_id: int) -> bool:
    deleted, _detail = SavedArticle.objects.filter(reader=user, article_id=article_id).delete()
    return deleted > 0


# --- reading history -----------------------------------------------------------------------------


def record_reading(user: AbstractBaseUser, article_id: int, *, now: dt.datetime | None = None) -> None:
    """Note that the reader read the article: one row per article, moved to the top, the oldest beyond
    KABAR_READING_HISTORY_KEPT dropped."""
    if queries.readable_article(article_id) is None:
        raise ArticleNotFound(article_id)
    # One statement, so two tabs reporting the same article at once cannot make two rows.
    ReadingHistory.objects.bulk_create(
        [ReadingHistory(reader=user, article_id=article_id, read_at=now or timezone.now())],
        update_conflicts=True,
        unique_fields=["reader", "article"],
        update_fields=["read_at"],
    )
    kept = settings.KABAR_READING_HISTORY_KEPT
    stale = list(
        ReadingHistory.objects.filter(reader=user).order_by("-read_at", "-pk").values_list("pk", flat=True)[kept:]
    )
    if stale:
        ReadingHistory.objects.filter(pk__in=stale).delete()


def clear_reading_history(user: AbstractBaseUser) -> int:
    deleted, _detail = ReadingHistory.objects.filter(reader=user).delete()
    return deleted


# --- follows -------------------------------------------------------------------------------------


def follow(user: AbstractBaseUser, kind: Follow.Kind | str, target_id: int) -> Follow:
    """Follow a section, topic or writer ("Ikuti"); following again changes nothing."""
    target = queries.follow_target(kind, target_id)
    if target is None:
        raise FollowTargetNotFound(f"{kind}:{target_id}")
    field = queries.FOLLOW_FIELDS[target.kind]
    found, _created = Follow.objects.get_or_create(reader=user, **{f"{field}_id": target.id})
    return found


def unfollow(user: AbstractBaseUser, kind: Follow.Kind | str, target_id: int) -> bool:
    field = queries.FOLLOW_FIELDS.get(Follow.Kind(kind)) if kind in Follow.Kind.values else None
    if field is None:
        raise FollowTargetNotFound(f"{kind}:{target_id}")
    deleted, _detail = Follow.objects.filter(reader=user, **{f"{field}_id": target_id}).delete()
    return deleted > 0


# --- the data registry ---------------------------------------------------------------------------


def reader_data_exporters() -> list[Callable[[AbstractBaseUser], dict[str, Any]]]:
    return hooks.functions(hooks.EXPORT_READER_DATA)


def reader_deletion_handlers() -> list[Callable[..., None]]:
    return hooks.functions(hooks.FORGET_READER)


# --- the reader's data ---------------------------------------------------------------------------


def _article_entry(article: Any) -> dict[str, Any]:
    return {
        "id": article.pk,
        "headline": article.title,
        "url": article.full_url if article.live else None,
    }


def export_reader_data(user: AbstractBaseUser) -> dict[str, Any]:
    """Everything Kabar holds about the reader, for them to download: account, e-mail addresses,
    social logins, profile, saved articles, reading history, follows, and what each function of the
    kabar_export_reader_data hook adds (comments, Kabar+)."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    exporters = reader_data_exporters()
    profile = queries.profile_of(user)
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "site": settings.BASE_URL,
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "email": getattr(user, "email", ""),
            "first_name": getattr(user, "first_name", ""),
            "last_name": getattr(user, "last_name", ""),
            "date_joined": getattr(user, "date_joined", None),
            "last_login": user.last_login,
        },
        "emails": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "social_accounts": [
            {
                "provider": s.provider,
                "uid": s.uid,
                "date_joined": s.date_joined,
                "last_login": s.last_login,
                "data": s.extra_data,
            }
            for s in SocialAccount.objects.filter(user=user).order_by("provider")
        ],
        "profile": {
            "display_name": profile.display_name if profile else "",
            "name_shown": queries.reader_name(user, profile),
            "avatar_url": (settings.BASE_URL + profile.avatar.url) if profile and profile.avatar else None,
        },
        "saved_articles": [
            {**_article_entry(s.article), "saved_at": s.saved_at}
            for s in SavedArticle.objects.filter(reader=user)
            .select_related("article", "article__section")
            .order_by("-saved_at")
        ],
        "reading_history": [
            {**_article_entry(r.article), "read_at": r.read_at}
            for r in ReadingHistory.objects.filter(reader=user)
            .select_related("article", "article__section")
            .order_by("-read_at")
        ],
        "follows": [
            {"kind": str(t.kind), "id": t.id, "name": t.name, "url": settings.BASE_URL + t.url}
            for t in queries.follows_of(user)
        ],
    }
    for exporter in exporters:
        part = exporter(user)
        if not isinstance(part, dict):
            raise ImproperlyConfigured(f"{exporter.__module__}.{exporter.__qualname__} must return a dict.")
        clash = set(part) & set(data)
        if clash:
            raise ImproperlyConfigured(
                f"{exporter.__module__}.{exporter.__qualname__} exports {sorted(clash)}, which another part uses."
            )
        data.update(part)
    return data


def delete_reader_account(user: AbstractBaseUser, *, remove_comments: bool) -> None:
    """Delete the reader's account and everything attached to it, after every deletion handler has
    removed or anonymised what its app holds (comments). All or nothing: one transaction."""
    if queries.is_staff_account(user):
        raise StaffAccountError(user.pk)
    handlers = reader_deletion_handlers()
    profile = queries.profile_of(user)
    avatar_name = profile.avatar.name if profile and profile.avatar else ""
    user_id = user.pk
    with transaction.atomic():
        for handler in handlers:
            handler(user, remove_comments=remove_comments)
        user.delete()
        if avatar_name:
            storage = ReaderProfile._meta.get_field("avatar").storage
            transaction.on_commit(lambda: storage.delete(avatar_name))
    logger.info(
        "reader account %s deleted at its owner's request (comments %s)",
        user_id,
        "removed" if remove_comments else "anonymised",
    )
