"""Wagtail's publish signals as the live desk hears them: a published report is running coverage."""

from __future__ import annotations

from typing import Any

from wagtail.signals import page_published


def start_coverage_on_publish(sender: Any, instance: Any, **kwargs: Any) -> None:
    from kabar.live import services

    services.start_coverage(instance)


def connect() -> None:
    from kabar.live.models import LiveReportPage

    page_published.connect(
        start_coverage_on_publish, sender=LiveReportPage, dispatch_uid="kabar.live.start_coverage_on_publish"
    )
