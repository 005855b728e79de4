"""The site tree Kabar makes for itself is named in the site's language, whatever language is active."""

from __future__ import annotations

import pytest
from django.utils import translation

from kabar.articles.models import TopicIndexPage
from kabar.articles.services import ensure_site_tree


@pytest.mark.django_db
def test_topic_index_is_named_in_the_sites_language_when_no_language_is_active() -> None:
    TopicIndexPage.objects.all().delete()
    # `migrate` and management commands run with translations deactivated.
    with translation.override(None):
        ensure_site_tree()
    assert TopicIndexPage.objects.get().title == "Topik"
