"""The mail providers' tracking webhooks: what became of each newsletter mail, through django-anymail.

anymail gives one tracking view per provider (Mailgun, Postmark, Brevo, SendGrid, Amazon SES, ...). Each
checks the post is the provider's own: the basic-auth secret every provider is given in the webhook's
URL (KABAR_ANYMAIL_WEBHOOK_SECRET) and, where the provider signs its posts, the signature (Mailgun's
HMAC with the webhook signing key, Postal's, Mandrill's, Resend's, MailerSend's, SendGrid's). A post
that fails is refused with 400; Kabar logs each refusal with the provider and the client address, and
refuses outright (403) a provider whose only protection, the shared secret, has not been configured.
Each accepted event arrives normalised on `anymail.signals.tracking`, is turned into a `ReportedEvent`
here, and is recorded by `services.record_mail_event` (suppression, soft-bounce counting, replays).

Mounted under /nawala/webhooks/<provider>/tracking/ (urls.py), so a provider is configured with
e.g. https://user:pass@kabar.example/nawala/webhooks/postmark/tracking/. A provider whose settings are
missing (a signing key) refuses its posts with 403 and a log line, never a 500.
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from collections.abc import Callable
from typing import Any

from anymail import urls as anymail_urls
from anymail.exceptions import AnymailImproperlyInstalled, AnymailWebhookValidationFailure
from anymail.signals import AnymailTrackingEvent, EventType, tracking
from anymail.webhooks.base import AnymailBasicAuthMixin, AnymailCoreWebhookView
from django.core.exceptions import ImproperlyConfigured
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from kabar.core.clients import client_ip
from kabar.newsletters import services
from kabar.newsletters.models import MailEvent

logger = logging.getLogger(__name__)

# What anymail's normalised event types mean here; the rest (queued, sent, autoresponded, subscribed,
# unknown) tell an editor nothing and are not kept.
KINDS = {
    EventType.DELIVERED: MailEvent.Kind.DELIVERED,
    EventType.BOUNCED: MailEvent.Kind.BOUNCED,
    EventType.DEFERRED: MailEvent.Kind.DEFERRED,
    EventType.REJECTED: MailEvent.Kind.REJECTED,
    EventType.FAILED: MailEvent.Kind.REJECTED,
    EventType.COMPLAINED: MailEvent.Kind.COMPLAINED,
    EventType.OPENED: MailEvent.Kind.OPENED,
    EventType.CLICKED: MailEvent.Kind.CLICKED,
    EventType.UNSUBSCRIBED: MailEvent.Kind.UNSUBSCRIBED,
}

# The raw event kept with each row is for reading, not for replaying: long values are cut.
RAW_VALUE_CHARS = 500
RAW_KEYS = 40
# Mailgun's signature block: proof of the post, worth nothing to a reader of the event.
SECRET_KEYS = {"signature", "token"}


def is_temporary_bounce(event: AnymailTrackingEvent) -> bool:
    """anymail calls some temporary failures bounces; each provider says so in its own field."""
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    return bool(
        raw.get("Type") == "SoftBounce"  # Postmark
        or raw.get("event") == "soft_bounce"  # Brevo
        or (raw.get("event") == "bounce" and raw.get("type") == "blocked")  # SendGrid
        or (isinstance(raw.get("bounce"), dict) and raw["bounce"].get("bounceType") == "Transient")  # Amazon SES
    )


def trimmed(raw: Any) -> dict[str, Any]:
    """The provider's event as a small JSON object: at most RAW_KEYS keys, each value cut to RAW_VALUE_CHARS."""
    if hasattr(raw, "dict"):  # a QueryDict (Mailgun's legacy form posts)
        raw = raw.dict()
    if not isinstance(raw, dict):
        return {"value": str(raw)[:RAW_VALUE_CHARS]}
    kept: dict[str, Any] = {}
    for key, value in list(raw.items())[:RAW_KEYS]:
        if key in SECRET_KEYS:
            continue
        text = json.dumps(value, default=str)
        kept[str(key)] = value if len(text) <= RAW_VALUE_CHARS else text[:RAW_VALUE_CHARS] + "…"
    return kept


def event_key(event: AnymailTrackingEvent) -> str:
    """The provider's event id; where it has none (Brevo, most of Postmark's), a digest of the event as posted."""
    if event.event_id:
        return str(event.event_id)[:128]
    raw = event.esp_event.dict() if hasattr(event.esp_event, "dict") else event.esp_event
    return "sha256:" + hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()


def reported_event(event: AnymailTrackingEvent, provider: str) -> services.ReportedEvent | None:
    kind = KINDS.get(event.event_type)
    if kind is None:
        return None
    if kind == MailEvent.Kind.BOUNCED and is_temporary_bounce(event):
        kind = MailEvent.Kind.SOFT_BOUNCED
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    delivery = str(metadata.get(services.DELIVERY_METADATA, ""))
    return services.ReportedEvent(
        provider=provider,
        kind=kind,
        event_key=event_key(event),
        email=event.recipient or "",
        message_id=event.message_id or "",
        occurred_at=event.timestamp or timezone.now(),
        detail=" ".join(part for part in (event.description, event.mta_response) if part),
        click_url=event.click_url or "",
        reject_reason=event.reject_reason or "",
        delivery_id=int(delivery) if delivery.isdigit() else None,
        raw=trimmed(event.esp_event),
    )


@receiver(tracking, dispatch_uid="kabar.newsletters.webhooks.on_tracking")
def on_tracking(sender: object, event: AnymailTrackingEvent, esp_name: str, **kwargs: object) -> None:
    """anymail's signal: one normalised event from a provider's webhook whose post was verified."""
    report = reported_event(event, esp_name)
    if report is not None:
        services.record_mail_event(report)


class TrackingWebhook:
    """anymail's tracking view for one provider, with each refusal logged and an unsecured provider refused.

    It does what `View.as_view()` does (a view instance per request, then `dispatch`), so the instance can
    be asked whether anymail found the security it needs before the post is read.
    """

    csrf_exempt = True

    def __init__(self, view_class: type[AnymailCoreWebhookView], provider: str) -> None:
        self.view_class = view_class
        self.provider = provider

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            view = self.view_class()
        except AnymailImproperlyInstalled as error:
            logger.error("refused a %s webhook: the provider's package is not installed (%s)", self.provider, error)
            return HttpResponse(status=503)
        except ImproperlyConfigured as error:
            # A provider this site does not use (no signing key set): its posts are refused, not a 500.
            return self.not_configured(request, error)
        if isinstance(view, AnymailBasicAuthMixin) and view.warn_if_no_basic_auth and not view.basic_auth:
            logger.warning(
                "refused a %s webhook from %s: set KABAR_ANYMAIL_WEBHOOK_SECRET (and give the provider the URL "
                "with it) before the provider's posts are accepted",
                self.provider,
                client_ip(request),
            )
            return HttpResponseForbidden()
        view.setup(request, *args, **kwargs)
        try:
            response: HttpResponse = view.dispatch(request, *args, **kwargs)
        except AnymailWebhookValidationFailure as error:
            logger.warning("refused a forged %s webhook from %s: %s", self.provider, client_ip(request), error)
            raise
        except ImproperlyConfigured as error:
            return self.not_configured(request, error)
        return response

    def not_configured(self, request: HttpRequest, error: Exception) -> HttpResponse:
        logger.warning(
            "refused a %s webhook from %s: the provider is not configured here (%s)",
            self.provider,
            client_ip(request),
            error,
        )
        return HttpResponseForbidden()


# anymail keeps SendinBlue's old URL for Brevo, warning on every request: Brevo's own is mounted.
SUPERSEDED = {"sendinblue"}


def tracking_views() -> list[tuple[str, type[AnymailCoreWebhookView]]]:
    """(route, view class) of every tracking webhook anymail has: `mailgun/tracking/`, `postmark/tracking/`, ..."""
    found = []
    for pattern in anymail_urls.urlpatterns:
        if not isinstance(pattern, URLPattern) or not (pattern.name or "").endswith("_tracking_webhook"):
            continue
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None and issubclass(view_class, AnymailCoreWebhookView):
            found.append((str(pattern.pattern), view_class))
    return found


def tracking_urls(prefix: str = "") -> list[URLPattern]:
    """One URL per provider, `<prefix><provider>/tracking/`, named `tracking-<provider>`."""
    patterns = []
    for route, view_class in tracking_views():
        provider = route.split("/")[0]
        if provider in SUPERSEDED:
            continue
        if not _installed(view_class):
            # Amazon SES's view needs boto3, which Kabar's lock leaves out: no URL rather than a 503.
            continue
        view: Callable[..., HttpResponse] = csrf_exempt(TrackingWebhook(view_class, provider))
        patterns.append(path(prefix + route, view, name=f"tracking-{provider}"))
    return patterns


def _installed(view_class: type[AnymailCoreWebhookView]) -> bool:
    try:
        # Only asking whether its package is there: the warnings anymail gives a deployment using a
        # provider (SendGrid's "support dropped") would otherwise print at every start.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            view_class()
    except AnymailImproperlyInstalled:
        return False
    except Exception:  # missing settings are refused per request (TrackingWebhook), not here
        return True
    return True
