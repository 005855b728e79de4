"""Articles as Wagtail snippets instead of pages: built only to measure against the page tree (decision 0001).

Not part of Kabar. bench.article_storage installs it through its own settings module.
"""
