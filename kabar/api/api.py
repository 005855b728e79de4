"""The read-only content API for apps: Wagtail API v2, live and public pages only."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

# Far past any archive, and well inside the 64-bit integers SQLite and PostgreSQL accept.
MAX_OFFSET = 2**62


class BoundedPagination(WagtailPagination):
    """Wagtail's offset/limit paging, answering an offset the database cannot take with a 400, not a 500."""

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        offset = request.GET.get("offset", "")
        if offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError("offset is too large")
        return super().paginate_queryset(queryset, request, view)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint already lists only live, public pages; drafts never appear."""

    name = "pages"
    pagination_class = BoundedPagination


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    pagination_class = BoundedPagination


api_router = WagtailAPIRouter("kabar_api")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
