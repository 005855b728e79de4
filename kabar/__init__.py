"""Kabar: a newsroom and a news site in one Python system."""

__version__ = "0.1.0"
