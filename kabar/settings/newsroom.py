"""The newsroom's tools: Wagtail (search, workflow, images and documents, embeds, the content API),
Django REST framework, and the bin deleted articles wait in.

README.md ("Configuration") variables read here: KABAR_BIN_DAYS, KABAR_LIVE_POLL_SECONDS (KABAR_BASE_URL,
read in base.py, is the content API's base URL).
"""

from __future__ import annotations

import os

from kabar.settings.base import BASE_URL

# Wagtail
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Stems are made by Kabar (Sastrawi) before indexing, so PostgreSQL must not stem again.
        "SEARCH_CONFIG": "simple",
        "AUTO_UPDATE": True,
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would send staff e-mail hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_AUTO_UPDATE_PREVIEW = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "webp", "bmp": "webp", "png": "png", "gif": "gif"}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_SEARCH_ENABLED = True

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# Days an article stays in the bin ("Tempat sampah") before the worker deletes it for good.
KABAR_BIN_DAYS = int(os.environ.get("KABAR_BIN_DAYS", 30))

# Live reports: how often a reader's open page asks for new updates (live.js waits 0.8 to 1 of it).
KABAR_LIVE_POLL_SECONDS = int(os.environ.get("KABAR_LIVE_POLL_SECONDS", 15))
