import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_published_article_is_served_at_its_dated_url(client):
    page = factories.article("Kim Jong Un tiba di Rusia", dateline_place="Seoul")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "SEOUL, KABAR -" in response.content.decode()
