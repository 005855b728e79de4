"""The read-only content API for apps: Wagtail API v2, live and public pages only.

Wagtail answers most bad query parameters with a 400 and a message; the ones it lets through to
the database or to Python (and so to a 500) are checked here first: search text the search index
cannot parse, an unknown search operator, a filter value of the wrong kind (a date that is not a
date), an unknown site, and an offset too long to read as a number.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from rest_framework.request import Request
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

# Far past any archive, and well inside the 64-bit integers SQLite and PostgreSQL accept.
MAX_OFFSET = 2**62
SEARCH_OPERATORS = {"and", "or"}
# A hostname, optionally with a port: what Wagtail's ?site= looks a Site up by.
SITE_PATTERN = re.compile(r"[A-Za-z0-9.-]{1,255}(:[0-9]{1,5})?")


class BoundedPagination(WagtailPagination):
    """Wagtail's offset/limit paging, answering an offset the database cannot take with a 400, not a 500."""

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        offset = request.GET.get("offset", "")
        # Python reads no number of 4,300 digits or more; anything past 19 digits is past MAX_OFFSET anyway.
        if offset.isascii() and offset.isdecimal() and (len(offset) > 19 or int(offset) > MAX_OFFSET):
            raise BadRequestError("offset is too large")
        return super().paginate_queryset(queryset, request, view)


class CheckedFieldsFilter(FieldsFilter):
    """?<field>=<value>, with a value the field cannot hold (a date that is not a date) answered with a 400."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            raise BadRequestError("field filter error: " + " ".join(error.messages)) from error


class CheckedSearchFilter(SearchFilter):
    """?search= and ?search_operator=, refusing what the search index would fail on instead of answering."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        if "search" in request.GET:
            text = request.GET["search"]
            if text and not text.strip():
                raise BadRequestError("search must contain a word")
            if "\x00" in text:
                raise BadRequestError("search must not contain null characters")
            # The index takes each word as a quoted phrase; a quotation mark of the reader's own breaks it.
            if '"' in text:
                raise BadRequestError("search must not contain quotation marks")
            operator = request.GET.get("search_operator")
            if operator is not None and operator not in SEARCH_OPERATORS:
                raise BadRequestError("search_operator must be 'and' or 'or'")
        return super().filter_queryset(request, queryset, view)


def checked_backends(backends: list[type]) -> list[type]:
    replacements: dict[type, type] = {FieldsFilter: CheckedFieldsFilter, SearchFilter: CheckedSearchFilter}
    return [replacements.get(backend, backend) for backend in backends]


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint already lists only live, public pages; drafts never appear."""

    name = "pages"
    pagination_class = BoundedPagination
    filter_backends = checked_backends(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self) -> QuerySet[Any]:
        site = self.request.GET.get("site")
        if site is not None and not SITE_PATTERN.fullmatch(site):
            raise BadRequestError("site must be a hostname, optionally with :port")
        try:
            return super().get_base_queryset()
        except Site.DoesNotExist as error:
            raise BadRequestError("no site has that hostname and port") from error

    def find_object(self, queryset: QuerySet[Any], request: Request) -> Any:
        """/find/?id=: an id that is not a page id is refused, one of no page is not found (404), never a 500."""
        wanted = request.GET.get("id")
        if wanted is not None and not (wanted.isascii() and wanted.isdecimal() and len(wanted) <= 18):
            raise BadRequestError("id must be a page id")
        try:
            return super().find_object(queryset, request)
        except ObjectDoesNotExist:
            return None


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    pagination_class = BoundedPagination
    filter_backends = checked_backends(ImagesAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("kabar_api")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
