"""From "Gabung Kabar+" to the gateway's payment page: logged in, one order per "Bayar", clear failures."""

from __future__ import annotations

import logging
import re

import pytest

from kabar.membership.models import Membership, Order
from tests.i18n import site_text
from tests.membership import gateway_standins
from tests.parsing import html

pytestmark = pytest.mark.django_db


def checkout_form(client, plan: str = "bulanan") -> dict[str, str]:
    response = client.get(f"/kabarplus/gabung/{plan}/")
    assert response.status_code == 200
    form = html(response).find("form", cls="kabarplus__pay")
    return {field.attrs["name"]: field.attrs.get("value", "") for field in form.find_all("input")}


def test_join_page_lists_active_plans_in_rupiah_and_is_the_same_for_everyone(client, plans, reader):
    plans["tahunan"].active = False
    plans["tahunan"].save()
    anonymous = client.get("/kabarplus/")
    assert anonymous.status_code == 200
    document = html(anonymous)
    assert [p.find("h2").text for p in document.find_all("li", cls="plan")] == ["Kabar+ Bulanan"]
    assert "Rp 49.000" in document.find("li", cls="plan").text
    assert document.find("a", href="/kabarplus/gabung/bulanan/") is not None
    # Cacheable as a public page: no cookie, no CSRF token, nothing about the reader.
    assert not anonymous.cookies and "csrfmiddlewaretoken" not in anonymous.content.decode()
    assert "Cookie" not in anonymous.get("Vary", "")
    client.force_login(reader)
    assert client.get("/kabarplus/").content == anonymous.content


def test_checkout_asks_the_reader_to_log_in_first(client, plans):
    response = client.get("/kabarplus/gabung/bulanan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/?next=/kabarplus/gabung/bulanan/")
    assert client.post("/kabarplus/gabung/bulanan/", {"checkout_token": "x" * 32}).status_code == 302
    assert not Order.objects.exists()


def test_pay_with_the_sandbox_goes_to_its_payment_page(client, plans, reader):
    client.force_login(reader)
    form = checkout_form(client)
    response = client.post("/kabarplus/gabung/bulanan/", form)
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/kabarplus/sandbox/bayar/{order.order_id}/")
    assert (order.status, order.amount, order.gateway, order.user) == ("pending", 49000, "sandbox", reader)
    assert Membership.objects.get(user=reader).status == Membership.Status.PENDING
    page = client.get(f"/kabarplus/sandbox/bayar/{order.order_id}/")
    assert page.status_code == 200
    assert "Rp 49.000" in page.content.decode()


def test_pressing_pay_twice_makes_one_order(client, plans, reader):
    client.force_login(reader)
    form = checkout_form(client)
    first = client.post("/kabarplus/gabung/bulanan/", form)
    second = client.post("/kabarplus/gabung/bulanan/", form)
    assert Order.objects.count() == 1
    assert first["Location"] == second["Location"]
    # A fresh checkout page is a new intention to pay: a second order.
    client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    assert Order.objects.count() == 2


def test_a_page_without_a_valid_token_is_refused(client, plans, reader):
    client.force_login(reader)
    for token in ("", "short", "x" * 65, "<script>alert(1)</script>xxxxxxxx"):
        response = client.post("/kabarplus/gabung/bulanan/", {"checkout_token": token})
        assert response.status_code == 400
    assert not Order.objects.exists()


def test_an_inactive_or_unknown_plan_cannot_be_bought(client, plans, reader):
    client.force_login(reader)
    plans["bulanan"].active = False
    plans["bulanan"].save()
    assert client.get("/kabarplus/gabung/bulanan/").status_code == 404
    assert client.get("/kabarplus/gabung/emas/").status_code == 404


def test_checkout_with_midtrans_goes_to_snap(client, plans, reader, midtrans):
    client.force_login(reader)
    response = client.post("/kabarplus/gabung/tahunan/", checkout_form(client, "tahunan"))
    order = Order.objects.get()
    assert response["Location"].startswith(f"{midtrans.url}/snap/v4/redirection/")
    assert order.gateway == "midtrans"
    [request] = midtrans.requests
    assert request.body["transaction_details"] == {"order_id": order.order_id, "gross_amount": 490000}
    assert request.body["customer_details"]["email"] == "pembaca@example.com"


def test_checkout_with_xendit_goes_to_the_invoice(client, plans, reader, xendit):
    client.force_login(reader)
    response = client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    order = Order.objects.get()
    assert response["Location"].startswith(f"{xendit.url}/web/invoices/")
    assert order.gateway_reference in xendit.books
    assert xendit.requests[0].body["external_id"] == order.order_id


@pytest.mark.parametrize("trouble", ["down", "error"])
def test_gateway_trouble_at_checkout_is_a_clear_error_and_changes_nothing(
    client, plans, reader, midtrans, settings, caplog, trouble
):
    if trouble == "down":
        settings.KABAR_MIDTRANS_SNAP_URL = gateway_standins.closed_port_url()
        settings.KABAR_PAYMENT_TIMEOUT = 2
    else:
        midtrans.failing_with = 500
    client.force_login(reader)
    with caplog.at_level(logging.ERROR, logger="kabar.membership.services"):
        response = client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    assert response.status_code == 503
    alert = html(response).find(role="alert")
    assert alert is not None and alert.text.strip()
    assert "Rp 49.000" in response.content.decode()  # the page is still there to try again
    order = Order.objects.get()
    assert order.status == Order.Status.FAILED and order.error
    assert not Membership.objects.get(user=reader).is_entitled()
    assert order.order_id in caplog.text


def test_no_gateway_configured_is_a_clear_error(client, plans, reader, settings):
    settings.KABAR_PAYMENT_GATEWAY = "midtrans"
    settings.KABAR_MIDTRANS_SERVER_KEY = ""
    client.force_login(reader)
    response = client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    assert response.status_code == 503
    assert html(response).find(role="alert").text.strip()
    assert not Order.objects.exists()


def test_the_sandbox_is_refused_in_production_unless_chosen(client, plans, reader, settings):
    settings.PRODUCTION = True
    settings.KABAR_PAYMENT_GATEWAY = ""
    client.force_login(reader)
    assert client.post("/kabarplus/gabung/bulanan/", checkout_form(client)).status_code == 503
    assert not Order.objects.exists()
    assert client.get("/kabarplus/sandbox/bayar/KBR-APA-SAJA/").status_code == 404


def test_reader_cannot_see_anothers_order_or_receipt(client, plans, reader, django_user_model):
    client.force_login(reader)
    client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    order = Order.objects.get()
    other = django_user_model.objects.create_user("lain", "lain@example.com", "rahasia-uji-123")
    client.force_login(other)
    assert client.get(f"/kabarplus/pesanan/{order.order_id}/").status_code == 404
    assert client.get(f"/kabarplus/kuitansi/{order.order_id}/").status_code == 404


def test_the_order_page_waits_for_the_payment_without_javascript(client, plans, reader):
    client.force_login(reader)
    client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    order = Order.objects.get()
    response = client.get(f"/kabarplus/pesanan/{order.order_id}/")
    refresh = html(response).find("meta", http_equiv="refresh")
    assert refresh is not None and re.fullmatch(r"\d+", refresh.attrs["content"])
    assert "no-store" in response["Cache-Control"]
    assert site_text("Waiting for your payment") in response.content.decode()


def test_the_gateways_return_parameters_never_mark_an_order_paid(client, plans, reader):
    """Midtrans sends the reader back with ?transaction_status=settlement: only a notification counts."""
    client.force_login(reader)
    client.post("/kabarplus/gabung/bulanan/", checkout_form(client))
    order = Order.objects.get()
    response = client.get(
        f"/kabarplus/pesanan/{order.order_id}/?order_id={order.order_id}&status_code=200&transaction_status=settlement"
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert not Membership.objects.get(user=reader).is_entitled()
