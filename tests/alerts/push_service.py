"""A push service on 127.0.0.1 for the tests: it stands in for FCM, Mozilla's or Apple's service, the
one part of Web Push that lies outside this machine, and checks what the RFCs require of Kabar.

For every POST to /wpush/<token> it

- verifies the VAPID header (RFC 8292): `vapid t=<JWT>, k=<key>`, an ES256 signature made with
  the private half of k, k being the key the browser subscribed with, aud = this service's
  origin, exp in the future and at most 24 hours away, sub a mailto: or https: URI;
- checks TTL, Urgency and Topic (RFC 8030) and `Content-Encoding: aes128gcm`;
- decrypts the body (RFC 8291) with the private key and auth secret that only the subscribing
  "browser" holds, and checks that every message came with a sender key and salt of its own;
- records the decrypted JSON payload, or records the problem and answers 400.

Tests script answers per browser (410, 429 with Retry-After, 500…), can slow every answer down,
and can hold answers until a number of requests are in flight at once (to prove two workers
really overlapped). POSTs to /hook/<name> are webhook calls, checked against their HMAC secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

VAPID = re.compile(r"^vapid t=(?P<t>[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+),\s*k=(?P<k>[A-Za-z0-9_\-]+)$")
TOPIC = re.compile(r"^[A-Za-z0-9_\-]{1,32}$")
URGENCIES = {"very-low", "low", "normal", "high"}


def signed_by(secret: str, header: str, body: bytes) -> bool:
    """`t=<unix time>, v1=<hex HMAC-SHA256 of "<t>.<body>">`, recent: what a receiving bot checks."""
    fields = dict(part.strip().split("=", 1) for part in header.split(",") if "=" in part)
    if not fields.get("t", "").isdigit() or abs(time.time() - int(fields["t"])) > 300:
        return False
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("v1", ""))


def b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class FakeBrowser:
    """The keys a browser makes when it subscribes: the private half never leaves the browser."""

    def __init__(self, service: PushService, name: str | None = None) -> None:
        self.token = name or b64encode(os.urandom(12))
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = b64encode(public)
        self.auth_secret = os.urandom(16)
        self.auth = b64encode(self.auth_secret)
        self.endpoint = f"{service.url}/wpush/{self.token}"
        service.register(self)

    def subscription(self) -> dict[str, Any]:
        """What PushSubscription.toJSON() gives in the browser."""
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass
class Received:
    token: str
    payload: dict[str, Any]
    headers: dict[str, str]
    claims: dict[str, Any]


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class PushService:
    def __init__(self, vapid_public_key: str | None = None) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.service = self  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.vapid_public_key = vapid_public_key
        self.browsers: dict[str, FakeBrowser] = {}
        self.scripted: dict[str, list[Answer]] = defaultdict(list)
        self.received: list[Received] = []
        self.attempts: dict[str, int] = defaultdict(int)
        self.problems: list[str] = []
        self.webhooks: dict[str, str] = {}
        self.webhook_calls: list[tuple[str, dict[str, Any], dict[str, str]]] = []
        self.delay = 0.0
        self.hold_until = 0
        self.hold_timeout = 10.0
        self.held_together = 0
        self._in_flight = 0
        self._sender_keys: set[bytes] = set()
        self._salts: set[bytes] = set()
        self._lock = threading.Condition()
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> PushService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def register(self, browser: FakeBrowser) -> None:
        self.browsers[browser.token] = browser

    def answer(self, browser: FakeBrowser, *answers: int | Answer) -> None:
        """The next answers for this browser, in order; after them, 201 Created."""
        self.scripted[browser.token].extend(a if isinstance(a, Answer) else Answer(a) for a in answers)

    def webhook(self, name: str, secret: str) -> str:
        self.webhooks[name] = secret
        return f"{self.url}/hook/{name}"

    def delivered_to(self, browser: FakeBrowser) -> list[dict[str, Any]]:
        with self._lock:
            return [r.payload for r in self.received if r.token == browser.token]

    def delivery_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        with self._lock:
            for r in self.received:
                counts[r.token] += 1
        return dict(counts)

    # --- the checks ------------------------------------------------------------------------

    def check_vapid(self, authorization: str) -> dict[str, Any]:
        match = VAPID.match(authorization or "")
        if not match:
            raise ValueError(f"Authorization is not `vapid t=…, k=…`: {authorization[:40]!r}")
        key_raw = b64decode(match["k"])
        if self.vapid_public_key and match["k"] != self.vapid_public_key.rstrip("="):
            raise ValueError("k is not the key the browser subscribed with")
        header_b64, claims_b64, signature_b64 = match["t"].split(".")
        header = json.loads(b64decode(header_b64))
        if header.get("alg") != "ES256" or header.get("typ", "JWT") != "JWT":
            raise ValueError(f"JWT header {header}")
        signature = b64decode(signature_b64)
        if len(signature) != 64:
            raise ValueError("ES256 signature is not 64 bytes (r || s)")
        der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key_raw)
        try:
            public_key.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature as error:
            raise ValueError("VAPID JWT signature does not verify with k") from error
        claims = json.loads(b64decode(claims_b64))
        if claims.get("aud") != self.url:
            raise ValueError(f"aud {claims.get('aud')!r} is not {self.url}")
        now = time.time()
        exp = claims.get("exp")
        if not isinstance(exp, int) or not now < exp <= now + 24 * 3600:
            raise ValueError(f"exp {exp!r} is not within the next 24 hours")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise ValueError(f"sub {claims.get('sub')!r} is not a mailto: or https: URI")
        return claims

    def check_headers(self, headers: dict[str, str]) -> None:
        if not headers.get("ttl", "").isdigit():
            raise ValueError(f"TTL {headers.get('ttl')!r}")
        if headers.get("urgency", "normal") not in URGENCIES:
            raise ValueError(f"Urgency {headers.get('urgency')!r}")
        if "topic" in headers and not TOPIC.match(headers["topic"]):
            raise ValueError(f"Topic {headers['topic']!r}")
        if headers.get("content-encoding") != "aes128gcm":
            raise ValueError(f"Content-Encoding {headers.get('content-encoding')!r}")

    def decrypt(self, browser: FakeBrowser, body: bytes) -> dict[str, Any]:
        if len(body) > 4096:
            raise ValueError(f"{len(body)} bytes is over the 4096 push services accept")
        # RFC 8188 header: salt (16) | record size (4) | key id length (1) | key id (the sender's public key).
        salt, key_id = body[:16], body[21 : 21 + body[20]]
        if len(key_id) != 65:
            raise ValueError("keyid is not the sender's uncompressed P-256 key")
        with self._lock:
            if salt in self._salts or key_id in self._sender_keys:
                raise ValueError("salt or sender key reused from an earlier message")
            self._salts.add(salt)
            self._sender_keys.add(key_id)
        plain = http_ece.decrypt(
            body, private_key=browser.private_key, auth_secret=browser.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)

    def enter(self) -> None:
        """Count a request in flight; with hold_until set, wait until that many are in flight together."""
        with self._lock:
            self._in_flight += 1
            self.held_together = max(self.held_together, self._in_flight)
            if self.hold_until:
                self._lock.notify_all()
                self._lock.wait_for(lambda: self.held_together >= self.hold_until, timeout=self.hold_timeout)

    def leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reply(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._reply(405)

    def do_POST(self) -> None:
        service: PushService = self.server.service  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {name.lower(): value for name, value in self.headers.items()}
        if self.path.startswith("/hook/"):
            self._webhook(service, self.path.removeprefix("/hook/"), body, headers)
            return
        token = self.path.removeprefix("/wpush/")
        service.enter()
        try:
            if service.delay:
                time.sleep(service.delay)
            browser = service.browsers.get(token)
            if browser is None:
                self._reply(404)
                return
            with service._lock:
                service.attempts[token] += 1
                scripted = service.scripted[token].pop(0) if service.scripted[token] else None
            try:
                claims = service.check_vapid(headers.get("authorization", ""))
                service.check_headers(headers)
                payload = service.decrypt(browser, body)
            except Exception as error:
                with service._lock:
                    service.problems.append(f"{token}: {error}")
                self._reply(400, body=str(error).encode())
                return
            if scripted is not None and not 200 <= scripted.status < 300:
                self._reply(scripted.status, scripted.headers)
                return
            with service._lock:
                service.received.append(Received(token, payload, headers, claims))
            self._reply(201, {"Location": f"{service.url}/message/{len(service.received)}"})
        finally:
            service.leave()

    def _webhook(self, service: PushService, name: str, body: bytes, headers: dict[str, str]) -> None:
        secret = service.webhooks.get(name)
        if secret is None:
            self._reply(404)
            return
        with service._lock:
            scripted = service.scripted[f"hook:{name}"].pop(0) if service.scripted[f"hook:{name}"] else None
        if not signed_by(secret, headers.get("x-kabar-signature", ""), body):
            with service._lock:
                service.problems.append(f"webhook {name}: bad signature")
            self._reply(401)
            return
        if scripted is not None:
            self._reply(scripted.status, scripted.headers)
            return
        with service._lock:
            service.webhook_calls.append((name, json.loads(body), headers))
        self._reply(200)
