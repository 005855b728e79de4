"""Stand-ins for other apps' reader-data hooks (comments, membership), put in place with tests.hooks.only."""

from __future__ import annotations

from typing import Any

calls: list[tuple[str, int, bool | None]] = []


def export_notes(user: Any) -> dict[str, Any]:
    calls.append(("export", user.pk, None))
    return {"notes": [{"text": f"catatan {user.email}"}]}


def export_clashing(user: Any) -> dict[str, Any]:
    return {"profile": "bukan milik saya"}


def forget_notes(user: Any, remove_comments: bool) -> None:
    calls.append(("forget", user.pk, remove_comments))


def forget_keyword_only(user: Any, *, remove_comments: bool) -> None:
    calls.append(("forget-keyword", user.pk, remove_comments))


def forget_failing(user: Any, remove_comments: bool) -> None:
    raise RuntimeError("the comments database is away")
