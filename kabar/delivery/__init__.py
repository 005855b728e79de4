"""Delivery: how pages reach readers. The whole-page cache and its purges (pagecache/, purge.py,
frontcaches/ for Varnish and Cloudflare), the page variants (variants.py: reader or member), and the
slots through which feature apps reach a public page (slots.py, templatetags/slots.py)."""
