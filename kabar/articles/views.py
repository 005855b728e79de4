"""Thin views for the pages that are not Wagtail pages: the dated article URL, tags, authors, search."""

from __future__ import annotations

import logging

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from taggit.models import Tag
from wagtail import hooks
from wagtail.views import serve_chain

from kabar.articles import queries, services
from kabar.articles.caching import shown
from kabar.articles.models import LIST_PAGE_SIZE, ArticlePage, paginate
from kabar.delivery.pagecache import add_keys
from kabar.delivery.purge import SEARCH, person_key, tag_key
from kabar.people.models import Person

logger = logging.getLogger(__name__)

SEARCH_QUERY_MAX_LENGTH = queries.SEARCH_QUERY_MAX_LENGTH
# No listing reaches a page with more digits than this; Python refuses to read 4,300 or more at all.
PAGE_NUMBER_MAX_DIGITS = 18
# A 1x1 transparent GIF: the view counter is an <img>, so it counts without JavaScript.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def article(request: HttpRequest, section: str, year: int, month: int, day: int, pk: int, slug: str) -> HttpResponse:
    """/<section>/read/<yyyy>/<mm>/<dd>/<id>/<slug>/: found by id, so an old slug or date 301s to the current URL."""
    page = ArticlePage.objects.live().filter(pk=pk).select_related("section", "lead_image", "topic", "editor").first()
    if page is None:
        raise Http404("No such article")
    if page.specific_class is not ArticlePage:
        # Another story format (a feature app's live report) renders as its own page type.
        page = page.specific
    # As wagtail.views.serve does for tree URLs: privacy ("Privacy" in the admin) and other serve hooks first.
    serve = serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        serve = wrap(serve)
    for before_serve in hooks.get_hooks("before_serve_page"):
        result = before_serve(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return serve(page, request, (), {})


@require_GET
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    add_keys(tag_key(tag.slug))
    articles_page = paginate(request, queries.tag_articles(slug))
    return render(request, "articles/tag_page.html", {"tag": tag, "articles_page": articles_page})


@require_GET
def author(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    add_keys(person_key(person.pk))
    articles_page = paginate(request, queries.author_articles(person.pk))
    return render(request, "articles/author_page.html", {"person": person, "articles_page": articles_page})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = queries.clean_search_query(request.GET.get("q", ""))
    newest = request.GET.get("sort") != "relevant"
    add_keys(SEARCH)
    results_page = None
    if query:
        number = request.GET.get("page", "1")
        # isdigit() would let "²" through, which int() does not read.
        is_number = number.isascii() and number.isdecimal()
        if is_number and len(number) > PAGE_NUMBER_MAX_DIGITS:
            logger.info("search page number of %d digits refused", len(number))
            return HttpResponseBadRequest(_("That page number is too long."), content_type="text/plain; charset=utf-8")
        results_page = queries.search_page(
            query, int(number) if is_number else 1, newest=newest, per_page=LIST_PAGE_SIZE
        )
        shown(results_page.articles)
    return render(request, "articles/search.html", {"query": query, "newest": newest, "results_page": results_page})


@never_cache
@require_GET
def hit(request: HttpRequest, pk: int) -> HttpResponse:
    """Counts one view of an article for "Terpopuler"; the page embeds it as a tiny image."""
    services.record_page_view(pk)
    return HttpResponse(PIXEL, content_type="image/gif")
