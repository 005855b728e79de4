"""The snippet listing: Wagtail's stock columns ("Updated", status) plus section and publication time."""

from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from bench.snippet_prototype.models import SnippetArticle


class SnippetArticleViewSet(SnippetViewSet):
    model = SnippetArticle
    icon = "doc-full"
    menu_label = "Snippet articles"
    add_to_admin_menu = True
    list_display = ["title", "section", "published_at", UpdatedAtColumn(), LiveStatusTagColumn()]
    list_filter = ["section"]
    # The page explorer's page size, so both listings render the same number of rows.
    list_per_page = 50

    def get_queryset(self, request):
        # The section column would otherwise cost a query per row.
        return SnippetArticle.objects.select_related("section")


register_snippet(SnippetArticleViewSet)
