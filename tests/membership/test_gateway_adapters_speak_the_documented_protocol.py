"""The Midtrans and Xendit adapters against loopback stand-ins that check auth and bodies as documented."""

from __future__ import annotations

import pytest

from kabar.membership.gateways import CheckoutRequest, GatewayError, InvalidNotification, PaymentStatus
from kabar.membership.gateways.midtrans import MidtransGateway
from kabar.membership.gateways.xendit import XenditGateway
from tests.membership import gateway_standins
from tests.membership.conftest import MIDTRANS_KEY, XENDIT_KEY, XENDIT_TOKEN


def checkout(order_id: str = "KBR-260102-000000000001", amount: int = 49000) -> CheckoutRequest:
    return CheckoutRequest(
        order_id=order_id,
        amount=amount,
        currency="IDR",
        item_id="bulanan",
        description="Kabar Kabar+ Bulanan dengan nama yang sangat panjang sekali melebihi lima puluh huruf",
        customer_name="Pembaca",
        customer_email="pembaca@example.com",
        finish_url="http://127.0.0.1:8000/kabarplus/pesanan/KBR-1/",
        notification_url="http://127.0.0.1:8000/kabarplus/notifikasi/midtrans/",
    )


@pytest.fixture
def midtrans_standin():
    with gateway_standins.serve("midtrans", MIDTRANS_KEY) as standin:
        yield standin


@pytest.fixture
def xendit_standin():
    with gateway_standins.serve("xendit", XENDIT_KEY) as standin:
        yield standin


def test_midtrans_snap_transaction_is_created_with_server_key_auth_and_a_valid_body(midtrans_standin):
    gateway = MidtransGateway(MIDTRANS_KEY, snap_url=midtrans_standin.url, api_url=midtrans_standin.url)
    started = gateway.start(checkout())
    assert started.redirect_url.startswith(f"{midtrans_standin.url}/snap/v4/redirection/")
    assert started.reference
    [request] = midtrans_standin.requests
    assert request.headers["authorization"] == midtrans_standin.expected_auth()
    assert request.headers["x-override-notification"] == "http://127.0.0.1:8000/kabarplus/notifikasi/midtrans/"
    assert request.body["transaction_details"] == {"order_id": "KBR-260102-000000000001", "gross_amount": 49000}
    assert request.body["callbacks"]["finish"].endswith("/kabarplus/pesanan/KBR-1/")


def test_midtrans_with_a_wrong_key_or_a_bad_day_is_a_gateway_error(midtrans_standin):
    wrong = MidtransGateway("SB-Mid-server-salah", snap_url=midtrans_standin.url, api_url=midtrans_standin.url)
    with pytest.raises(GatewayError, match="401"):
        wrong.start(checkout())
    midtrans_standin.failing_with = 503
    with pytest.raises(GatewayError, match="503"):
        MidtransGateway(MIDTRANS_KEY, snap_url=midtrans_standin.url).start(checkout("KBR-2"))


def test_midtrans_down_is_a_gateway_error():
    down = gateway_standins.closed_port_url()
    with pytest.raises(GatewayError, match="unreachable"):
        MidtransGateway(MIDTRANS_KEY, snap_url=down, api_url=down, timeout=2).start(checkout())


def test_midtrans_status_api_confirms_with_the_same_auth(midtrans_standin):
    gateway = MidtransGateway(MIDTRANS_KEY, snap_url=midtrans_standin.url, api_url=midtrans_standin.url)
    gateway.start(checkout())
    claimed = gateway.read(
        gateway_standins.midtrans_message(midtrans_standin, "KBR-260102-000000000001", transaction_status="settlement")
    )
    assert claimed.status is PaymentStatus.PAID
    confirmed = gateway.confirm(claimed)  # the gateway's books still say pending
    assert confirmed.status is PaymentStatus.PENDING
    request = midtrans_standin.requests[-1]
    assert (request.method, request.path) == ("GET", "/v2/KBR-260102-000000000001/status")
    assert request.headers["authorization"] == midtrans_standin.expected_auth()
    midtrans_standin.books["KBR-260102-000000000001"]["transaction_status"] = "settlement"
    assert gateway.confirm(claimed).status is PaymentStatus.PAID


def test_midtrans_status_api_that_knows_no_such_order_refuses_it(midtrans_standin):
    gateway = MidtransGateway(MIDTRANS_KEY, snap_url=midtrans_standin.url, api_url=midtrans_standin.url)
    midtrans_standin.books["KBR-X"] = {
        "gross_amount": "1.00",
        "transaction_status": "settlement",
        "transaction_id": "t",
        "fraud_status": "accept",
        "currency": "IDR",
    }
    claimed = gateway.read(gateway_standins.midtrans_message(midtrans_standin, "KBR-X"))
    del midtrans_standin.books["KBR-X"]
    with pytest.raises(InvalidNotification) as refused:
        gateway.confirm(claimed)
    assert refused.value.status == 404


def test_xendit_invoice_is_created_with_secret_key_auth(xendit_standin):
    gateway = XenditGateway(XENDIT_KEY, XENDIT_TOKEN, api_url=xendit_standin.url)
    started = gateway.start(checkout(amount=490000))
    assert started.redirect_url.startswith(f"{xendit_standin.url}/web/invoices/")
    [request] = xendit_standin.requests
    assert request.headers["authorization"] == xendit_standin.expected_auth()
    assert request.body["external_id"] == "KBR-260102-000000000001"
    assert (request.body["amount"], request.body["currency"]) == (490000, "IDR")
    assert request.body["success_redirect_url"].endswith("/kabarplus/pesanan/KBR-1/")


def test_xendit_confirms_by_reading_the_invoice_back(xendit_standin):
    gateway = XenditGateway(XENDIT_KEY, XENDIT_TOKEN, api_url=xendit_standin.url)
    invoice_id = gateway.start(checkout(amount=490000)).reference
    xendit_standin.books[invoice_id]["status"] = "PAID"
    claimed = gateway.read(gateway_standins.xendit_callback(xendit_standin, invoice_id))
    assert gateway.confirm(claimed).status is PaymentStatus.PAID
    request = xendit_standin.requests[-1]
    assert (request.method, request.path) == ("GET", f"/v2/invoices/{invoice_id}")
    xendit_standin.failing_with = 500
    with pytest.raises(GatewayError):
        gateway.confirm(claimed)
