"""The admin's page edit form as a browser would send it, for tests that drive the edit view."""

from __future__ import annotations

from django.http import QueryDict
from wagtail.test.utils.form_data import querydict_from_html, rich_text, streamfield


def editor_form(html: str) -> QueryDict:
    """The edit form as the browser sends it; the body (a StreamField drawn by JavaScript) added as it would."""
    data = querydict_from_html(html, form_id="page-edit-form")
    for key in list(data):
        # A browser drops the newline Django writes after <textarea>; the HTML parser here keeps it.
        data.setlist(key, [value.removeprefix("\n") for value in data.getlist(key)])
    body = streamfield([("paragraph", rich_text("<p>Paragraf pertama.</p>"))])
    for key, value in body.items():
        if key == "0":
            for sub_key, sub_value in value.items():
                data[f"body-0-{sub_key}"] = sub_value
        else:
            data[f"body-{key}"] = value
    return data
