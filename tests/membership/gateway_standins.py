"""Stand-ins for Midtrans and Xendit: real HTTP servers on loopback that check requests as documented.

They speak the parts of each gateway Kabar uses, refuse what the real one would refuse (wrong
key, missing field, amounts that do not add up), keep their own books, and make notifications
signed as the real gateway signs them. Tests point Kabar at them through the base-URL settings.

Midtrans (docs.midtrans.com):
- POST /snap/v1/transactions, Authorization: Basic base64(server_key + ":"), JSON body with
  transaction_details.order_id / gross_amount (an integer), item_details whose price x quantity
  add up to gross_amount; answers 201 {"token", "redirect_url"}.
- GET /v2/<order_id>/status with the same auth; answers the transaction, or status_code "404".
- Notifications carry signature_key = SHA-512(order_id + status_code + gross_amount + server_key).

Xendit (developers.xendit.co, Invoices):
- POST /v2/invoices, Authorization: Basic base64(secret_key + ":"), JSON with external_id and
  amount; answers 200 with "id", "invoice_url", "status": "PENDING".
- GET /v2/invoices/<id>; callbacks carry the header x-callback-token.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

MIDTRANS_STATUS_CODES = {
    "pending": "201",
    "settlement": "200",
    "capture": "200",
    "deny": "202",
    "cancel": "200",
    "expire": "407",
    "refund": "200",
    "chargeback": "200",
}


def midtrans_signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """The documented scheme, written out here independently of Kabar's code."""
    return hashlib.sha512((order_id + status_code + gross_amount + server_key).encode("utf-8")).hexdigest()


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class StandIn:
    """One fake gateway: its base URL, the requests it got, its books, and a switch to fail."""

    secret: str
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    books: dict[str, dict[str, Any]] = field(default_factory=dict)
    # "ok", or an HTTP status to answer every request with (a gateway having a bad day).
    failing_with: int | None = None

    def expected_auth(self) -> str:
        return "Basic " + base64.b64encode(f"{self.secret}:".encode()).decode()


class _Handler(BaseHTTPRequestHandler):
    standin: StandIn
    kind: str

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        self.standin.requests.append(Recorded(method, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if self.standin.failing_with:
            self._answer(self.standin.failing_with, {"status_message": "Service unavailable"})
            return
        if self.headers.get("Authorization") != self.standin.expected_auth():
            self._answer(401, {"error_messages": ["Access denied, please check client or server key"]})
            return
        if self.headers.get("Accept") != "application/json":
            self._answer(406, {"error_messages": ["Accept: application/json expected"]})
            return
        route = getattr(self, f"{self.kind}_{method.lower()}")
        route(body)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    # --- Midtrans ---------------------------------------------------------------------------

    def midtrans_post(self, body: Any) -> None:
        if self.path != "/snap/v1/transactions":
            self._answer(404, {"error_messages": ["not found"]})
            return
        if "application/json" not in (self.headers.get("Content-Type") or ""):
            self._answer(400, {"error_messages": ["Content-Type must be application/json"]})
            return
        problems = []
        details = body.get("transaction_details", {}) if isinstance(body, dict) else {}
        order_id, amount = details.get("order_id"), details.get("gross_amount")
        if not isinstance(order_id, str) or not 0 < len(order_id) <= 50:
            problems.append("transaction_details.order_id is required, at most 50 characters")
        if not isinstance(amount, int) or amount <= 0:
            problems.append("transaction_details.gross_amount must be a positive integer")
        items = body.get("item_details", []) if isinstance(body, dict) else []
        if items and sum(item["price"] * item["quantity"] for item in items) != amount:
            problems.append("transaction_details.gross_amount is not equal to the sum of item_details")
        if any(len(item.get("name", "")) > 50 for item in items):
            problems.append("item_details.name is longer than 50 characters")
        if order_id in self.standin.books:
            problems.append("transaction_details.order_id has already been taken")
        if problems:
            self._answer(400, {"error_messages": problems})
            return
        token = str(uuid.uuid4())
        self.standin.books[order_id] = {
            "order_id": order_id,
            "gross_amount": f"{amount}.00",
            "transaction_status": "pending",
            "transaction_id": str(uuid.uuid4()),
            "fraud_status": "accept",
            "currency": "IDR",
        }
        self._answer(201, {"token": token, "redirect_url": f"{self.standin.url}/snap/v4/redirection/{token}"})

    def midtrans_get(self, body: Any) -> None:
        parts = self.path.split("/")
        if len(parts) != 4 or parts[1] != "v2" or parts[3] != "status":
            self._answer(404, {"status_code": "404", "status_message": "not found"})
            return
        order_id = unquote(parts[2])
        book = self.standin.books.get(order_id)
        if book is None:
            self._answer(404, {"status_code": "404", "status_message": "Transaction doesn't exist."})
            return
        self._answer(200, midtrans_message(self.standin, order_id))

    # --- Xendit -----------------------------------------------------------------------------

    def xendit_post(self, body: Any) -> None:
        if self.path != "/v2/invoices":
            self._answer(404, {"error_code": "NOT_FOUND"})
            return
        if not isinstance(body, dict) or not body.get("external_id") or not isinstance(body.get("amount"), int):
            self._answer(400, {"error_code": "API_VALIDATION_ERROR", "message": "external_id and amount required"})
            return
        invoice_id = uuid.uuid4().hex[:24]
        self.standin.books[invoice_id] = {
            "id": invoice_id,
            "external_id": body["external_id"],
            "status": "PENDING",
            "amount": body["amount"],
            "currency": body.get("currency", "IDR"),
            "payer_email": body.get("payer_email"),
            "invoice_url": f"{self.standin.url}/web/invoices/{invoice_id}",
        }
        self._answer(200, self.standin.books[invoice_id])

    def xendit_get(self, body: Any) -> None:
        prefix = "/v2/invoices/"
        invoice_id = unquote(self.path[len(prefix) :]) if self.path.startswith(prefix) else ""
        book = self.standin.books.get(invoice_id)
        if book is None:
            self._answer(404, {"error_code": "INVOICE_NOT_FOUND_ERROR"})
            return
        self._answer(200, book)


def midtrans_message(standin: StandIn, order_id: str, **changes: Any) -> dict[str, Any]:
    """What Midtrans says about a transaction, in a notification or a status answer, signed."""
    book = {**standin.books[order_id], **changes}
    status_code = MIDTRANS_STATUS_CODES[book["transaction_status"]]
    return {
        "transaction_time": "2026-01-02 10:00:00",
        "transaction_status": book["transaction_status"],
        "transaction_id": book["transaction_id"],
        "status_message": "midtrans payment notification",
        "status_code": status_code,
        "signature_key": midtrans_signature(order_id, status_code, book["gross_amount"], standin.secret),
        "payment_type": "bank_transfer",
        "order_id": order_id,
        "merchant_id": "G000000000",
        "gross_amount": book["gross_amount"],
        "fraud_status": book["fraud_status"],
        "currency": book["currency"],
    }


def xendit_callback(standin: StandIn, invoice_id: str) -> dict[str, Any]:
    book = standin.books[invoice_id]
    return {
        "id": invoice_id,
        "external_id": book["external_id"],
        "user_id": "5781d19b2e2385880609791c",
        "is_high": False,
        "payment_method": "BANK_TRANSFER",
        "status": book["status"],
        "merchant_name": "Kabar",
        "amount": book["amount"],
        "paid_amount": book["amount"],
        "bank_code": "BCA",
        "paid_at": "2026-01-02T03:00:00.000Z",
        "payer_email": book["payer_email"],
        "description": "Kabar+",
        "currency": book["currency"],
        "payment_channel": "BCA",
    }


@contextmanager
def serve(kind: str, secret: str) -> Iterator[StandIn]:
    standin = StandIn(secret=secret)
    handler = type(f"{kind}Handler", (_Handler,), {"standin": standin, "kind": kind})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    standin.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield standin
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """An address where nothing listens: a gateway that is down."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
