"""The browser tests run on a transactional database, which Django empties with `flush` after each
test; Kabar's post_migrate handler must then build the site again, as after `migrate`."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, Locale, Page, Site, WorkflowPage

from kabar.articles.models import HomePage, TopicIndexPage
from kabar.newsroom.services import ADMINS, EDITORS, REVIEW_WORKFLOW, WRITERS
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_the_site_tree_the_staff_groups_and_the_review_workflow():
    factories.article("Berita sebelum flush")

    call_command("flush", interactive=False, verbosity=0)

    root = Page.get_first_root_node()
    home = HomePage.objects.get()
    assert home.get_parent().pk == root.pk
    assert [page.specific_class for page in home.get_children()] == [TopicIndexPage]
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert Locale.objects.count() == 1
    assert Collection.get_first_root_node() is not None
    # Feature apps add groups of their own (Moderator, Bisnis); the newsroom's three must be back.
    assert {WRITERS, EDITORS, ADMINS} <= set(Group.objects.values_list("name", flat=True))
    assert WorkflowPage.objects.get(page=home).workflow.name == REVIEW_WORKFLOW
    assert not Page.objects.filter(title="Berita sebelum flush").exists()
