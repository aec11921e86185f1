from __future__ import annotations

from django import template

from contacts.models import Advisor
from portal.roles import Role, has_role

register = template.Library()


@register.inclusion_tag("contacts/_nav.html", takes_context=True)
def contacts_nav(context, current: str) -> dict:
    """The advisors section's tabs; Inbox and own profile only for those who have them."""
    user = context["request"].user
    is_advisor = Advisor.objects.of_user(user).exists()
    return {
        "current": current,
        "show_inbox": is_advisor or has_role(user, Role.COMMUNICATIONS),
        "show_own_profile": is_advisor,
    }
