from __future__ import annotations

from typing import Any

from django import template

from loket.sync.selectors import LinkSummary, link_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def sync_link_summary(context: dict[str, Any]) -> LinkSummary | None:
    """The link banner's figures for the logged-in staff member (None for anyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return link_summary(user)
