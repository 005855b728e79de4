"""A hundred copies of one notification arriving at once extend the membership once.

PostgreSQL: threads post to the live server, each request on its own connection, so the order
row lock and the ledger's unique constraint are what keep the count at one.
SQLite: the test database lives in memory and the live server shares one connection between its
threads, which would prove nothing; so the database is copied to a file, as a deployment has it
(WAL, BEGIN IMMEDIATE, busy timeout from settings), and threads post to the webhook through
Django's handler, each with its own connection to that file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client

from kabar.membership.models import Membership, MembershipChange, Order, PaymentNotification
from tests.membership.conftest import sandbox_notification, sandbox_order

pytestmark = pytest.mark.django_db(transaction=True)

COPIES = 100
# Senders at once; each sends COPIES / SENDERS. The database allows 100 connections in all, shared
# with the rest of the suite, so not every copy can hold its own connection at the same moment.
SENDERS = 25


def send_all(send: Callable[[int], list[str]]) -> Counter[str]:
    with ThreadPoolExecutor(SENDERS) as pool:
        results = list(pool.map(send, range(SENDERS)))
    return Counter(status for statuses in results for status in statuses)


def test_a_hundred_identical_notifications_at_once_extend_once_on_postgresql(live_server, reader, plans):
    if connection.vendor != "postgresql":
        pytest.skip("the live-server variant needs a database with a connection per thread")
    order = sandbox_order(reader, plans["bulanan"])
    body = sandbox_notification(order)
    url = f"{live_server.url}/kabarplus/notifikasi/sandbox/"
    # socketserver's listen backlog is 5: enough for a browser, not for every sender connecting at once.
    live_server.thread.httpd.socket.listen(COPIES)
    barrier = threading.Barrier(SENDERS)

    def send(_: int) -> list[str]:
        barrier.wait()
        return [
            requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=60).json()["status"]
            for _ in range(COPIES // SENDERS)
        ]

    statuses = send_all(send)
    assert statuses == Counter({"applied": 1, "duplicate": COPIES - 1})
    assert_extended_once(order)


def test_a_hundred_identical_notifications_at_once_extend_once_on_sqlite(tmp_path, reader, plans):
    if connection.vendor != "sqlite":
        pytest.skip("the file-database variant is for SQLite")
    order = sandbox_order(reader, plans["bulanan"])
    body = sandbox_notification(order)
    on_file = FileDatabase(tmp_path / "kabar.sqlite3")
    barrier = threading.Barrier(SENDERS)

    def send(_: int) -> list[str]:
        def post_copies() -> list[str]:
            client = Client()
            barrier.wait()
            return [
                client.post("/kabarplus/notifikasi/sandbox/", body, content_type="application/json").json()["status"]
                for _ in range(COPIES // SENDERS)
            ]

        return on_file.run(post_copies)

    statuses = send_all(send)
    assert statuses == Counter({"applied": 1, "duplicate": COPIES - 1})
    on_file.run(lambda: assert_extended_once(order))


def assert_extended_once(order: Order) -> None:
    order = Order.objects.get(pk=order.pk)
    assert order.status == Order.Status.PAID
    assert MembershipChange.objects.filter(order=order, kind="payment").count() == 1
    membership = Membership.objects.get(user_id=order.user_id)
    assert membership.ends_at == order.period_end
    assert PaymentNotification.objects.filter(order=order).count() == COPIES


class FileDatabase:
    """The in-memory test database copied to a file; `run` calls a function with it as "default"."""

    def __init__(self, path: Path) -> None:
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        self.settings = {**connection.settings_dict, "NAME": str(path)}
        self.wrapper_class = type(connections[DEFAULT_DB_ALIAS])

    def run(self, function: Callable[[], Any]) -> Any:
        if threading.current_thread() is threading.main_thread():
            result: list[Any] = []
            errors: list[BaseException] = []

            def call() -> None:
                try:
                    result.append(self._with_own_connection(function))
                except BaseException as error:  # re-raised in the test's thread
                    errors.append(error)

            thread = threading.Thread(target=call)
            thread.start()
            thread.join()
            if errors:
                raise errors[0]
            return result[0]
        return self._with_own_connection(function)

    def _with_own_connection(self, function: Callable[[], Any]) -> Any:
        # Django's connections are per thread: this thread alone sees the file database.
        own = self.wrapper_class(self.settings, alias=DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = own
        try:
            return function()
        finally:
            own.close()
