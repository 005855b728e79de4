import os
from multiprocessing.util import Finalize

from django.core.wsgi import get_wsgi_application

from kabar.cli import settings_module

os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())

application = get_wsgi_application()

# Everything the page cache does not answer waits its turn for Django, a bounded number at a time;
# past the queue it gets a 503 with Retry-After, so a flood of searches or posts never takes the
# threads that cached pages need (kabar/delivery/admission.py).
from django.conf import settings  # noqa: E402 - needs Django set up first

from kabar.delivery import admission  # noqa: E402 - needs Django set up first
from kabar.delivery.pagecache.serving import CachedPages, stored_copy  # noqa: E402 - needs Django set up first

full_stack = admission.FullStackGate(
    application,
    admission.from_environment(),
    refusal_body=admission.refusal_page(settings.LANGUAGE_CODE),
    exempt_prefixes=tuple(prefix for prefix in (settings.STATIC_URL, "/healthz") if prefix.startswith("/")),
    stale_copy=stored_copy,
)

# Fresh cached public pages are answered here, before Django builds a request or runs any
# middleware (kabar/delivery/pagecache/serving.py): the path a breaking story's readers take.
application = CachedPages(full_stack)


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
# all on SIGTERM) first writes what the apps counted in memory and have not yet flushed (page views,
# ad counts: the kabar_exit_flush hook). granian's workers are multiprocessing children, which end in
# os._exit(): atexit never runs there, multiprocessing's own exit finalizers do (and, in any other
# process, run at exit too).
from kabar.core.hooks import run_exit_flushes  # noqa: E402 - needs Django set up first

Finalize(None, run_exit_flushes, exitpriority=10)
