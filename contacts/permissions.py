"""What each role may do with advisors in the admin (synced to the groups after migrate).

Communications maintains the directory and the FAQ. Nobody but a superuser
sees questions in the admin: they belong to the asker and the addressed
advisors. Advisors edit their own profile in the portal, not in the admin.
Nothing is deleted: advisors are deactivated, FAQ entries unpublished.
"""

from portal.roles import Role, model_perms

ROLE_PERMISSIONS = {
    Role.COMMUNICATIONS: [
        *model_perms("contacts.advisor", "add", "change", "view"),
        *model_perms("contacts.advisortopic", "add", "change", "view"),
        *model_perms("contacts.language", "add", "change", "view"),
        # Configuration, not content: which topic answers which guideline category.
        *model_perms("contacts.guidelinecategorytopic", "add", "change", "delete", "view"),
        *model_perms("contacts.faqentry", "add", "change", "view"),
    ],
}
