from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kabar.sources.models import Source


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "globe"
    menu_label = _("Sources")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "short_name", "url"]
    search_fields = ["name"]


register_snippet(SourceViewSet)
