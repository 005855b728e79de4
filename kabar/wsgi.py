import atexit
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kabar.settings")

application = get_wsgi_application()

# A serving process that exits (gunicorn recycles them after --max-requests) first writes the
# page views it has counted but not yet flushed.
from kabar.articles.services import flush_page_views  # noqa: E402 - needs Django set up first

atexit.register(flush_page_views)
