"""The snippet article's dated URL, served like kabar.articles.views.article serves a page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse

from bench.snippet_prototype.models import SnippetArticle
from bench.snippet_prototype.queries import article_context


def article(request: HttpRequest, section: str, year: int, month: int, day: int, pk: int, slug: str) -> HttpResponse:
    item = (
        SnippetArticle.objects.filter(live=True, pk=pk)
        .select_related("section", "lead_image", "topic", "editor")
        .first()
    )
    if item is None:
        raise Http404("No such article")
    canonical = item.dated_path()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    # "page" and "self" are what Wagtail's Page.get_context gives the same template.
    context = {"page": item, "self": item, **article_context(item, request)}
    return TemplateResponse(request, "articles/article_page.html", context)
