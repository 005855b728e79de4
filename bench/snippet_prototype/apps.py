from django.apps import AppConfig


class SnippetPrototypeConfig(AppConfig):
    name = "bench.snippet_prototype"
    label = "snippet_prototype"
    verbose_name = "Snippet articles (benchmark prototype)"
    default_auto_field = "django.db.models.BigAutoField"
