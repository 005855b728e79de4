import os
from multiprocessing.util import Finalize

from django.core.wsgi import get_wsgi_application

from kabar.cli import settings_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())

application = get_wsgi_application()

# Fresh cached public pages are answered here, before Django builds a request or runs any
# middleware (kabar/core/pagecache/serving.py): the path a breaking story's readers take.
from kabar.core.pagecache.serving import CachedPages  # noqa: E402 - needs Django set up first

application = CachedPages(application)


class WithoutServerEnvironment:
    """granian copies its process environment into every request's environ, CGI style: secrets
    (DATABASE_URL) would reach request.META and error reports, and an HTTP_PROXY variable would
    read as a request header. Those entries are dropped before Kabar sees the request."""

    def __init__(self, app: object) -> None:
        self.app = app
        self.inherited = tuple(os.environ.items())

    def __call__(self, environ: dict, start_response: object) -> object:
        for key, value in self.inherited:
            if environ.get(key) == value:
                del environ[key]
        return self.app(environ, start_response)


application = WithoutServerEnvironment(application)

# A serving process that exits (granian replaces a worker past --workers-max-rss, and stops them
# all on SIGTERM) first writes the page views and ad counts it has counted but not yet flushed.
# granian's workers are multiprocessing children, which end in os._exit(): atexit never runs
# there, multiprocessing's own exit finalizers do (and, in any other process, run at exit too).
from kabar.ads.services import flush_ad_counts  # noqa: E402 - needs Django set up first
from kabar.articles.services import flush_page_views  # noqa: E402 - needs Django set up first

Finalize(None, flush_page_views, exitpriority=10)
Finalize(None, flush_ad_counts, exitpriority=10)
