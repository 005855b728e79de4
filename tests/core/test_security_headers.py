import pytest

from tests import factories
from tests.parsing import html

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def public_urls():
    page = factories.article("Berita aman", lead_image=factories.image())
    return ["/", "/nasional/", page.dated_path(), "/search/?q=berita", "/tag/tidak-ada/"]


def test_public_pages_carry_a_strict_content_security_policy(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        directives = csp_directives(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url


def test_public_pages_carry_the_other_security_headers(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url
        assert response["X-Frame-Options"] == "SAMEORIGIN", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


def test_public_pages_need_no_inline_script_or_style_that_the_policy_would_block(client, public_urls):
    for url in public_urls:
        document = html(client.get(url))
        inline_scripts = [
            s
            for s in document.find_all("script")
            if "src" not in s.attrs and s.attrs.get("type") != "application/ld+json"
        ]
        assert inline_scripts == [], url
        assert document.find_all("style") == [], url
        assert [el.tag for el in document.iter() if "style" in el.attrs] == [], url
        assert [el.tag for el in document.iter() if any(a.startswith("on") for a in el.attrs)] == [], url


def test_anonymous_article_page_sets_no_cookie(client):
    page = factories.article("Tanpa kuki")
    response = client.get(page.dated_path())
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response


def test_anonymous_home_and_search_set_no_cookie(client):
    factories.article("Beranda tanpa kuki")
    for url in ("/", "/search/?q=kuki"):
        response = client.get(url)
        assert not response.cookies, url


def test_admin_is_never_cached(client):
    response = client.get("/admin/login/")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/", "/django-admin/login/"])
def test_admin_pages_carry_a_policy_wagtail_works_under_that_still_refuses_foreign_code(admin_client, url):
    response = admin_client.get(url)
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"], url
    # Inline code only: no script or style from any other site, no eval.
    assert [s for s in directives["script-src"] if s not in {"'self'", "'unsafe-inline'"}] == [], url
    assert [s for s in directives["style-src"] if s not in {"'self'", "'unsafe-inline'"}] == [], url
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], url
    assert directives["object-src"] == ["'none'"], url
    assert directives["base-uri"] == ["'self'"], url
    assert directives["form-action"] == ["'self'"], url
    assert directives["frame-ancestors"] == ["'self'"], url
