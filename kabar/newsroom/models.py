"""The newsroom keeps no tables of its own: its groups, rights and workflow are Wagtail's.

This module exists so Django sends the app its post_migrate signal (see apps.py).
"""
