"""Back from the payment page, the order page waits for the gateway's word instead of offering to pay again,
and the page that says "paid" makes the reader a member at once (the kabar_plus cookie on that response)."""

from __future__ import annotations

import pytest
from django.test import Client

from kabar.delivery import variants
from kabar.membership import services
from kabar.membership.models import Order
from tests.i18n import site_html
from tests.membership.conftest import sandbox_notification, sandbox_order

pytestmark = pytest.mark.django_db


def test_back_from_the_payment_page_the_order_page_does_not_offer_to_pay_again(reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    assert order.status == Order.Status.PENDING and order.payment_url
    client = Client()
    client.force_login(reader)

    returned = client.get(f"/kabarplus/pesanan/{order.order_id}/?kembali=1").content.decode()
    assert site_html("Continue to payment") not in returned
    assert order.payment_url not in returned
    assert site_html("Confirming your payment") in returned
    assert 'http-equiv="refresh"' in returned  # it checks again by itself

    # From the account's list ("Buka"), before paying: the way to the payment page is still there.
    opened = client.get(f"/kabarplus/pesanan/{order.order_id}/").content.decode()
    assert site_html("Continue to payment") in opened


def test_back_from_midtrans_with_its_result_in_the_address_counts_as_returned(reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    client = Client()
    client.force_login(reader)
    page = client.get(
        f"/kabarplus/pesanan/{order.order_id}/?order_id={order.order_id}&status_code=201&transaction_status=pending"
    )
    assert site_html("Continue to payment") not in page.content.decode()


def test_the_page_that_says_paid_makes_the_reader_a_member_for_the_next_page(reader, plans):
    order = sandbox_order(reader, plans["bulanan"])
    client = Client()
    client.force_login(reader)
    waiting = client.get(f"/kabarplus/pesanan/{order.order_id}/?kembali=1")
    assert variants.COOKIE_NAME not in waiting.cookies or not waiting.cookies[variants.COOKIE_NAME].value

    services.apply_payment_notification("sandbox", sandbox_notification(order), {}, "127.0.0.1")
    paid = client.get(f"/kabarplus/pesanan/{order.order_id}/?kembali=1")
    assert 'data-order-status="paid"' in paid.content.decode()
    cookie = variants.read_member_cookie(paid.cookies[variants.COOKIE_NAME].value)
    assert cookie is not None and cookie.user_id == reader.pk
