import atexit
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabar.settings")

application = get_wsgi_application()

# Fresh cached public pages are answered here, before Django builds a request or runs any
# middleware (kabar/core/pagecache/serving.py): the path a breaking story's readers take.
from kabar.core.pagecache.serving import CachedPages  # noqa: E402 - needs Django set up first

application = CachedPages(application)

# A serving process that exits (gunicorn recycles them after --max-requests) first writes the
# page views and ad counts it has counted but not yet flushed.
from kabar.ads.services import flush_ad_counts  # noqa: E402 - needs Django set up first
from kabar.articles.services import flush_page_views  # noqa: E402 - needs Django set up first

atexit.register(flush_page_views)
atexit.register(flush_ad_counts)
