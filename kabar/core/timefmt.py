"""How Kabar writes times for Indonesian readers: `22/09/2023, 16:00 WIB`, `5 menit lalu`."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Indonesia's three zones by their everyday names. Other zones fall back to the tz database's.
INDONESIAN_ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def site_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def zone_abbreviation(zone_name: str, moment: dt.datetime) -> str:
    return INDONESIAN_ZONE_NAMES.get(zone_name) or moment.strftime("%Z")


def article_time(moment: dt.datetime | None) -> str:
    """`22/09/2023, 16:00 WIB` in the site's time zone."""
    if moment is None:
        return ""
    local = timezone.localtime(moment, site_zone())
    return f"{local:%d/%m/%Y, %H:%M} {zone_abbreviation(settings.TIME_ZONE, local)}"


def iso_with_offset(moment: dt.datetime | None) -> str:
    """ISO 8601 with the site's offset (`2023-09-22T16:00:00+07:00`), as schema.org and feeds want."""
    if moment is None:
        return ""
    return timezone.localtime(moment, site_zone()).replace(microsecond=0).isoformat()


def relative_time(moment: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """`baru saja`, `5 menit lalu`, `2 jam lalu` for the last day; the article time after that."""
    if moment is None:
        return ""
    now = now or timezone.now()
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _("just now")
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {"count": minutes}
    if seconds < 86400:
        hours = int(seconds // 3600)
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    return article_time(moment)


def rupiah(amount: int) -> str:
    """`Rp 49.000`: a dot between thousands."""
    return "Rp " + f"{int(amount):,}".replace(",", ".")
