"""The worker's side of alerts: django-tasks runs these in `kabar worker` (inline in the tests)."""

from __future__ import annotations

from django_tasks import task

from kabar.alerts import services


@task()
def deliver_alert(alert_id: int) -> dict[str, object]:
    """Send for one time slice, then queue the rest as a new task: a worker told to stop is free within
    seconds, and other tasks get their turn during a long fan-out."""
    report = services.send_alert(alert_id, time_budget=services.slice_seconds())
    if report.more:
        deliver_alert.enqueue(alert_id)
    return {"alert": report.alert_id, "status": report.status, "sent": report.sent, "more": report.more}
