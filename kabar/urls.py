from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from kabar.core import views as core_views
from kabar.newsroom import views as newsroom_views
from kabar.newsroom.views import PageSearchWithoutBin

handler404 = "kabar.core.views.page_not_found"
handler500 = "kabar.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon),
    # Ahead of Wagtail's own routes of the same name: its page search would otherwise list the bin.
    path("admin/pages/search/", require_admin_access(PageSearchWithoutBin.as_view()), name="wagtailadmin_pages_search"),
    path(
        "admin/pages/search/results/",
        require_admin_access(PageSearchWithoutBin.as_view(results_only=True)),
        name="wagtailadmin_pages_search_results",
    ),
    # Before Wagtail's own: staff log in through the one login that asks for the second factor.
    path("admin/login/", newsroom_views.admin_login, name="newsroom_admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/", include("kabar.api.urls")),
    path("akun/", include("kabar.readers.urls")),
    path("akun/", include("allauth.urls")),
    path("komentar/", include("kabar.comments.urls")),
    path("push/", include("kabar.alerts.urls")),
    path("kabarplus/", include("kabar.membership.urls")),
    path("iklan/", include("kabar.ads.urls")),
    path("", include("kabar.articles.urls")),
]

if settings.DEBUG or settings.TESTING:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Media on local disk is served by Kabar itself; a CDN or object storage can take over in front.
    from django.views.static import serve as serve_static

    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_static, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += [path("", include(wagtail_urls))]
