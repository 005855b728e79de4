"""Web Push to browsers' push services: RFC 8030 (the protocol), 8291 (payload encryption),
8292 (VAPID). The protocol first, pure functions and one POST; then the site's VAPID key and the
WebPushChannel that sends alerts with them to the browsers following an alert's topics.

- Endpoints come from readers' browsers, so they are untrusted: only https URLs of the known push
  services are accepted, plus the URL prefixes in KABAR_PUSH_ENDPOINT_ALLOW (a local push service,
  the tests' stand-in). The check is on parsed parts (scheme, host, port, path), never on raw string
  prefixes, so `https://fcm.googleapis.com@evil.example/` or `...googleapis.com.evil.example` fail.
- Each message gets a fresh ECDH key pair and a fresh random salt (RFC 8291 section 2; RFC 8188
  needs the salt to be new for every message), so the encryption cannot be shared between browsers.
- The VAPID JWT (aud = the endpoint's origin, exp, sub) is signed once per origin and reused until
  shortly before it expires: one signature per push service instead of one per message.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp
import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from py_vapid import Vapid02

from kabar.alerts import queries
from kabar.alerts.channels.base import Channel, Outcome, Recipient, outcome_for_status
from kabar.alerts.models import Alert, Delivery, PushSubscription, SubscriptionTopic, VapidKey

if TYPE_CHECKING:
    from django.db.models import QuerySet

logger = logging.getLogger(__name__)

# Hosts of the push services browsers use. Microsoft's (Edge, Windows) are per-region subdomains.
KNOWN_PUSH_HOSTS = ("fcm.googleapis.com", "updates.push.services.mozilla.com", "web.push.apple.com")
KNOWN_PUSH_HOST_SUFFIXES = (".notify.windows.com", ".push.apple.com")
MAX_ENDPOINT_LENGTH = 1024
TTL_BREAKING = 4 * 3600
TTL_NORMAL = 24 * 3600
# RFC 8292: the JWT may live at most 24 hours; 12 leaves room for clock skew at the push service.
VAPID_LIFETIME = 12 * 3600
VAPID_RENEW_BEFORE = 3600
# RFC 8030 section 5.4: at most 32 characters of the URL- and filename-safe base64 alphabet.
TOPIC_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class InvalidSubscription(ValueError):
    """A browser's subscription that Kabar will not store or send to; the message says why."""


def b64url_decode(value: str) -> bytes:
    value = value.strip()
    if not BASE64URL.match(value):
        raise InvalidSubscription("not URL-safe base64")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise InvalidSubscription("not URL-safe base64") from error


def b64url_encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _origin_parts(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError as error:
        raise InvalidSubscription("the endpoint has a bad port") from error
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80), parts.path or "/"


@functools.lru_cache(maxsize=16)
def _parsed_prefixes(prefixes: tuple[str, ...]) -> list[tuple[str, str, int, str]]:
    return [_origin_parts(prefix) for prefix in prefixes]


def endpoint_refusal(endpoint: str, allowed_prefixes: list[str] | tuple[str, ...] = ()) -> str:
    """Why Kabar will not post to `endpoint`, or '' when it will."""
    if not isinstance(endpoint, str) or not endpoint:
        return "the subscription has no endpoint"
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        return "the endpoint is too long"
    if any(ord(c) < 33 or ord(c) == 127 for c in endpoint):
        return "the endpoint contains spaces or control characters"
    parts = urlsplit(endpoint)
    if parts.username is not None or parts.password is not None:
        return "the endpoint carries credentials"
    if parts.fragment:
        return "the endpoint has a fragment"
    try:
        scheme, host, port, path = _origin_parts(endpoint)
    except InvalidSubscription as error:
        return str(error)
    if not host:
        return "the endpoint has no host"
    for p_scheme, p_host, p_port, p_path in _parsed_prefixes(tuple(allowed_prefixes)):
        if (scheme, host, port) == (p_scheme, p_host, p_port) and path.startswith(p_path):
            return ""
    if scheme != "https":
        return "the endpoint is not https"
    if port != 443:
        return "the endpoint is not on the standard https port"
    if host in KNOWN_PUSH_HOSTS or host.endswith(KNOWN_PUSH_HOST_SUFFIXES):
        return ""
    return f"{host} is not a known push service"


@dataclass(frozen=True)
class SubscriptionKeys:
    p256dh: bytes
    auth: bytes


def check_keys(p256dh: str, auth: str) -> SubscriptionKeys:
    """The browser's P-256 public key (65 bytes, uncompressed, on the curve) and 16-byte auth secret."""
    if not isinstance(p256dh, str) or not isinstance(auth, str):
        raise InvalidSubscription("the subscription's keys must be strings")
    raw_key = b64url_decode(p256dh)
    if len(raw_key) != 65 or raw_key[0] != 4:
        raise InvalidSubscription("p256dh is not an uncompressed P-256 public key")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw_key)
    except ValueError as error:
        raise InvalidSubscription("p256dh is not a point on P-256") from error
    raw_auth = b64url_decode(auth)
    if len(raw_auth) != 16:
        raise InvalidSubscription("auth must be 16 bytes")
    return SubscriptionKeys(raw_key, raw_auth)


def stored_keys(p256dh: str, auth: str) -> SubscriptionKeys:
    """Keys checked by check_keys when the browser subscribed: decoded only (the ECDH checks the point again)."""
    return SubscriptionKeys(b64url_decode(p256dh), b64url_decode(auth))


def encrypt(payload: bytes, keys: SubscriptionKeys) -> bytes:
    """RFC 8291 aes128gcm: a fresh ECDH key pair and salt for this one message."""
    sender_key = ec.generate_private_key(ec.SECP256R1())
    return http_ece.encrypt(payload, private_key=sender_key, dh=keys.p256dh, auth_secret=keys.auth, version="aes128gcm")


def generate_vapid_keys() -> tuple[str, str]:
    """A new P-256 key pair as (private, public): raw bytes in URL-safe base64, as browsers want the public one."""
    key = ec.generate_private_key(ec.SECP256R1())
    private_raw = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url_encode(private_raw), public_key_of(key)


def public_key_of(key: ec.EllipticCurvePrivateKey) -> str:
    return b64url_encode(
        key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


def load_private_key(private: str) -> ec.EllipticCurvePrivateKey:
    """A VAPID private key given as raw URL-safe base64 (32 bytes) or as PEM."""
    text = private.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
            raise ValueError("the VAPID private key must be a P-256 key")
        return key
    raw = b64url_decode(text)
    if len(raw) != 32:
        raise ValueError("the VAPID private key must be 32 bytes of URL-safe base64, or PEM")
    return ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())


class VapidSigner:
    """Signs RFC 8292 `Authorization: vapid t=<JWT>, k=<public key>` headers, one per origin, cached."""

    def __init__(self, private_key: ec.EllipticCurvePrivateKey, subject: str) -> None:
        self.vapid = Vapid02(private_key=private_key)
        self.public_key = public_key_of(private_key)
        self.subject = subject
        self._cache: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def header(self, endpoint: str, now: float | None = None) -> str:
        scheme, host, port, _path = _origin_parts(endpoint)
        default_port = 443 if scheme == "https" else 80
        audience = f"{scheme}://{host}" + ("" if port == default_port else f":{port}")
        now = time.time() if now is None else now
        with self._lock:
            cached = self._cache.get(audience)
            if cached and cached[1] - VAPID_RENEW_BEFORE > now:
                return cached[0]
            expires = int(now) + VAPID_LIFETIME
            token = self.vapid.sign({"aud": audience, "exp": expires, "sub": self.subject})["Authorization"]
            # py_vapid writes "vapid t=…,k=…"; RFC 8292's examples put a space after the comma.
            value = token.replace(",k=", ", k=")
            self._cache[audience] = (value, float(expires))
            return value


@dataclass(frozen=True)
class PushMessage:
    """What goes to every browser for one alert: the same plaintext, headers and lifetime."""

    payload: bytes
    ttl: int
    urgency: str
    topic: str


def safe_topic(value: str) -> str:
    """An RFC 8030 Topic: the alphabet allowed and no more than 32 characters."""
    cleaned = "".join(c if c in TOPIC_ALPHABET else "-" for c in value)[:32]
    return cleaned or "kabar"


async def post(
    session: aiohttp.ClientSession,
    endpoint: str,
    keys: SubscriptionKeys,
    message: PushMessage,
    signer: VapidSigner,
    allowed_prefixes: tuple[str, ...],
) -> Outcome:
    """Encrypt `message` for one browser and POST it to its push service; never follows a redirect."""
    refusal = endpoint_refusal(endpoint, allowed_prefixes)
    if refusal:
        return Outcome("failed", error=f"refused: {refusal}"[:200])
    try:
        body = encrypt(message.payload, keys)
    except Exception as error:  # a key that passed the checks but does not work is that browser's problem only
        return Outcome("failed", error=f"encryption failed: {error}"[:200])
    headers = {
        "Authorization": signer.header(endpoint),
        "TTL": str(message.ttl),
        "Urgency": message.urgency,
        "Topic": message.topic,
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
    }
    try:
        async with session.post(endpoint, data=body, headers=headers, allow_redirects=False) as response:
            # Read (a little of) the answer so the connection goes back to the pool for the next message.
            await response.content.read(4096)
            return outcome_for_status(response.status, response.headers.get("Retry-After"), gone_is_expired=True)
    except TimeoutError:
        return Outcome("retry", error="timed out")
    except aiohttp.ClientError as error:
        return Outcome("retry", error=f"connection failed: {error}"[:200])


# --- the site's VAPID key -------------------------------------------------------------------


def allowed_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "KABAR_PUSH_ENDPOINT_ALLOW", ()) or ())


def vapid_subject() -> str:
    """RFC 8292 `sub`: a contact for the push services' operators, mailto: or https:."""
    subject = getattr(settings, "KABAR_VAPID_SUBJECT", "")
    if subject:
        return subject
    if settings.BASE_URL.startswith("https://"):
        return settings.BASE_URL
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    return f"mailto:{address}"


def vapid_keys() -> tuple[str, str]:
    """(private, public) VAPID keys: from the environment, or made once and kept in the database."""
    private = getattr(settings, "KABAR_VAPID_PRIVATE_KEY", "")
    if private:
        try:
            public = public_key_of(load_private_key(private))
        except (ValueError, InvalidSubscription) as error:
            raise ImproperlyConfigured(f"KABAR_VAPID_PRIVATE_KEY: {error}") from error
        given = getattr(settings, "KABAR_VAPID_PUBLIC_KEY", "")
        if given and given.rstrip("=") != public:
            raise ImproperlyConfigured("KABAR_VAPID_PUBLIC_KEY does not belong to KABAR_VAPID_PRIVATE_KEY.")
        return private, public
    stored = VapidKey.objects.filter(pk=1).first()
    if stored is None:
        new_private, new_public = generate_vapid_keys()
        # A fixed primary key: two processes starting at once cannot make two different pairs.
        stored, created = VapidKey.objects.get_or_create(
            pk=1, defaults={"private_key": new_private, "public_key": new_public}
        )
        if created:
            logger.info("generated the site's VAPID key pair (public key %s)", stored.public_key)
    return stored.private_key, stored.public_key


def vapid_public_key() -> str:
    return vapid_keys()[1]


_signers: dict[tuple[str, str], VapidSigner] = {}


def vapid_signer() -> VapidSigner:
    """One signer per key and subject in this process, so its JWTs (one per push service, 12 h) are reused."""
    private, _public = vapid_keys()
    subject = vapid_subject()
    signer = _signers.get((private, subject))
    if signer is None:
        signer = _signers[(private, subject)] = VapidSigner(load_private_key(private), subject)
    return signer


# --- the channel ----------------------------------------------------------------------------


def notification_payload(alert: Alert) -> dict[str, Any]:
    """What the service worker shows: headline, short text, image, and where a tap goes."""
    try:
        icon = static("kabar/favicon.png")
    except ValueError:  # no collectstatic manifest yet: the notification goes without an icon
        icon = ""
    return {
        "v": 1,
        "id": alert.pk,
        "title": alert.title,
        "body": alert.text,
        "url": queries.campaign_url(alert.url, alert.pk, "webpush", "notification") if alert.url else "",
        "image": alert.image_url,
        "icon": icon if not icon or icon.startswith("http") else settings.BASE_URL + icon,
        # The same tag on a repeated delivery replaces the notification instead of adding a second one.
        "tag": f"kabar-alert-{alert.pk}",
        "breaking": alert.is_breaking,
        "ts": int((alert.queued_at or alert.created_at).timestamp() * 1000),
    }


def push_message(alert: Alert) -> PushMessage:
    payload = json.dumps(notification_payload(alert), ensure_ascii=False, separators=(",", ":")).encode()
    # RFC 8030 Topic: a newer alert of the same kind replaces one the push service still holds.
    topic = queries.BREAKING if alert.is_breaking else (alert.topics[0] if alert.topics else "kabar")
    return PushMessage(
        payload=payload,
        ttl=TTL_BREAKING if alert.is_breaking else TTL_NORMAL,
        urgency="high" if alert.is_breaking else "normal",
        topic=safe_topic(topic),
    )


@dataclass(frozen=True)
class SignedPush:
    """One alert's push for every browser: the message, the site's signer, the endpoints allowed."""

    message: PushMessage
    signer: VapidSigner
    allowed_prefixes: tuple[str, ...]


class WebPushChannel(Channel[SignedPush]):
    """The browsers following any of the alert's topics; a push service's 404 or 410 unsubscribes one."""

    name = "webpush"
    verbose_name = _("Web Push")
    delivery_model = Delivery
    target_field = "subscription"
    address_fields = ("endpoint", "p256dh", "auth")
    counted_on_alert = True

    def recipients(self, alert: Alert) -> QuerySet[Any]:
        # The topic table alone, read through its (topic, subscription) index: no join for 100,000 browsers.
        return SubscriptionTopic.objects.filter(topic__in=list(alert.topics)).values_list("subscription_id")

    def message(self, alert: Alert) -> SignedPush:
        return SignedPush(push_message(alert), vapid_signer(), allowed_prefixes())

    async def send(self, session: aiohttp.ClientSession, message: SignedPush, recipient: Recipient) -> Outcome:
        address = recipient.address
        try:
            keys = stored_keys(address["p256dh"], address["auth"])
        except InvalidSubscription as error:
            return Outcome("failed", error=f"bad keys: {error}")
        return await post(session, address["endpoint"], keys, message.message, message.signer, message.allowed_prefixes)

    def forget(self, target_ids: Sequence[int]) -> None:
        PushSubscription.objects.filter(pk__in=target_ids).delete()
