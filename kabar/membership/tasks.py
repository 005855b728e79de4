"""Background work: the sandbox gateway's notification, sent to Kabar's webhook as Midtrans sends one."""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django_tasks import task

logger = logging.getLogger(__name__)


# Ahead of the index updates a busy worker may be working through: the reader is waiting on it.
@task(priority=50)
def deliver_sandbox_notification(url: str, body: str) -> int:
    """POST the signed notification to the webhook; returns the webhook's HTTP status."""
    try:
        response = requests.post(
            url,
            data=body.encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            timeout=settings.KABAR_PAYMENT_TIMEOUT,
        )
    except requests.RequestException as error:
        logger.error("sandbox: could not notify %s: %s", url, error)
        raise
    if response.status_code != 200:
        logger.warning("sandbox: the webhook answered HTTP %s: %s", response.status_code, response.text[:200])
    return response.status_code
