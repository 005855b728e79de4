"""The page cache's view of a live report: one surrogate key for everything an update changes.

A live report's page, its poll JSON (/live/<id>/updates.json) and its feed of updates carry
``report_key(id)`` besides the keys every article page carries. A new, edited, pinned or deleted
update changes only those three, so it purges only that key: the fronts, section pages and
Terkini carry ``article:<id>`` (the card), which shows the report's headline and its "Berlangsung"
badge, never its updates, and purging it on every update would re-render every front of the site
each minute of a breaking story. A change a list does show (the status, the headline) goes
through Wagtail's publish, whose receivers purge ``article:<id>`` already; a caller that changes
what a card shows without a publish says ``listed=True``.
"""

from __future__ import annotations

from kabar.delivery.pagecache import add_keys
from kabar.delivery.purge import article_key, purge_keys


def report_key(report_id: int) -> str:
    """The surrogate key of a live report's page, poll JSON and feed of updates."""
    return f"live:{report_id}"


def carries_report(report_id: int) -> None:
    """Tag the response being rendered as showing this report's updates."""
    add_keys(report_key(report_id))


def purge_report(report_id: int, *, listed: bool = False) -> None:
    """Drop the cached page, poll JSON and feed of report `report_id` (after the commit, as every purge).

    `listed`: something the report's card shows changed too (the status, without a publish), so
    every list that shows the report goes as well.
    """
    keys = [report_key(report_id)]
    if listed:
        keys.append(article_key(report_id))
    purge_keys(keys)
