"""The worker's side of newsletters: django-tasks runs these in `kabar worker` (inline in the tests)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from kabar.newsletters import sending


def slice_seconds() -> float:
    return float(getattr(settings, "KABAR_NEWSLETTER_SLICE_SECONDS", sending.SLICE_SECONDS))


@task()
def send_edition(edition_id: int) -> dict[str, object]:
    """Send for one time slice, then queue the rest as a new task: a worker told to stop is free within
    seconds, other tasks get their turn during a long send, and the next worker carries on from the rows."""
    report = sending.send_edition(edition_id, time_budget=slice_seconds())
    if report.more and report.status == "sending":
        send_edition.enqueue(edition_id)
    return {"edition": report.edition_id, "status": report.status, "sent": report.sent, "more": report.more}
