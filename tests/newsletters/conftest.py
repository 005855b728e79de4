"""The newsletters' test parts: a real SMTP server on loopback (aiosmtpd) that records every message it
accepts and refuses the addresses it is told to, with Django's SMTP backend pointed at it."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
import time_machine
from aiosmtpd.controller import Controller

from tests.newsletters import lists


@dataclass
class Received:
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed: EmailMessage = email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[assignment]
        return parsed


@dataclass
class SMTPServer:
    """What the loopback server accepted. `refuse` holds address suffixes answered 550 at RCPT TO
    (a domain whose mailboxes are gone), `temporary` suffixes answered 451 (a greylisting server)."""

    host: str = "127.0.0.1"
    port: int = 0
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    temporary: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        lowered = address.lower()
        if any(lowered.endswith(suffix) for suffix in self.refuse):
            return "550 5.1.1 Mailbox unavailable"
        if any(lowered.endswith(suffix) for suffix in self.temporary):
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            return [item.message for item in self.received]

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [item.message for item in self.received if address in item.recipients]

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(address for item in self.received for address in item.recipients)

    def environment(self) -> dict[str, str]:
        """The same server for a worker in another process."""
        return {
            "KABAR_EMAIL_BACKEND": "smtp",
            "KABAR_EMAIL_HOST": self.host,
            "KABAR_EMAIL_PORT": str(self.port),
            "KABAR_EMAIL_USE_TLS": "0",
            "KABAR_EMAIL_USE_SSL": "0",
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server(settings) -> Iterator[SMTPServer]:
    """A real SMTP server on 127.0.0.1 and Django's SMTP backend sending to it."""
    server = SMTPServer(port=free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    yield server
    controller.stop()


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """The clock of the subscriber tests, stopped at lists.NOW; a test moves it with clock.shift()."""
    with time_machine.travel(lists.NOW, tick=False) as traveller:
        yield traveller
