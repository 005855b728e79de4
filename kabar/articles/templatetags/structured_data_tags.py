from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from kabar.articles.structured_data import organization_json_ld as build_organization_json_ld
from kabar.core.brand import Brand

register = template.Library()


@register.simple_tag
def organization_json_ld(brand: Brand) -> SafeString:
    return build_organization_json_ld(brand)
