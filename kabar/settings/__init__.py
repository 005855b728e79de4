"""Kabar's settings, for production and development: DJANGO_SETTINGS_MODULE=kabar.settings, the
default of `kabar` commands and kabar/wsgi.py (so of `make serve`, the worker, granian and the
systemd units). The tests use kabar/settings/testing.py, which starts from these.

Every value that differs between machines comes from the environment; the variables are documented
in README.md ("Configuration"). They are split by concern into these modules, imported in this order:

- base: environment helpers, paths, secret key, debug and the production refusals, apps, middleware,
  templates, language and time, security headers and CSP, proxies, logging;
- storage: the database, media, static files (STORAGES);
- caching: Django's cache (Redis or local memory), the page cache, front caches and their purge;
- worker: the task queue, the clock's periodic jobs, page-view flushing;
- newsroom: Wagtail, the content API, the bin;
- accounts: logins (allauth, two factors, Google and Facebook), staff sessions, readers' data;
- email: outgoing mail (SMTP or a provider through django-anymail);
- newsletters: sign-up limits, the send's batches and journals, bounces;
- wire: the wire desk's limits;
- push: Web Push alerts;
- payments: Kabar+ gateways and ads.

Each module's docstring names the variables it reads; a module takes what it needs from an earlier
one by importing it. Code elsewhere reads settings from django.conf.settings, never from these modules.
"""

# Base first, then each concern in the order above (later ones use earlier ones' values), not sorted.
# isort: off
from kabar.settings.base import *  # noqa: F403
from kabar.settings.storage import *  # noqa: F403
from kabar.settings.caching import *  # noqa: F403
from kabar.settings.worker import *  # noqa: F403
from kabar.settings.newsroom import *  # noqa: F403
from kabar.settings.accounts import *  # noqa: F403
from kabar.settings.email import *  # noqa: F403
from kabar.settings.newsletters import *  # noqa: F403
from kabar.settings.wire import *  # noqa: F403
from kabar.settings.push import *  # noqa: F403
from kabar.settings.payments import *  # noqa: F403
# isort: on
