from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kabar.core import hooks
from kabar.core import views as core_views

handler404 = "kabar.core.views.page_not_found"
handler500 = "kabar.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon),
    path("brand.css", core_views.brand_css, name="brand_css"),
    # Each installed feature app's own URLs (the kabar_public_urls hook), ahead of the admin's and the
    # page tree's, so an app may also take over one of their routes (the newsroom's staff login).
    *hooks.public_urls(),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Accounts (django-allauth) for staff and readers alike; the readers app adds its pages before these.
    path("akun/", include("allauth.urls")),
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
