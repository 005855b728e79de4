"""The small content file the demo tests seed from, and a way to run the command on it."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

from kabar.articles.models import ArticlePage
from kabar.demo.models import DemoArticle

SMALL = Path(__file__).parent / "content_small.json"
CONTENT = json.loads(SMALL.read_text(encoding="utf-8"))
ENTRIES = {entry["key"]: entry for entry in CONTENT["articles"]}
PASSWORD = "kata-sandi-demo-uji-7"


def seed(**options: object) -> str:
    """`kabar demo` on the small file; returns what it printed."""
    out = io.StringIO()
    call_command("demo", content=SMALL, stdout=out, stderr=io.StringIO(), verbosity=0, **options)
    return out.getvalue()


def demo_page(key: str) -> ArticlePage:
    return ArticlePage.objects.get(pk=DemoArticle.objects.get(key=key).page_id)
