"""What each role may do with the guidelines in the admin (synced to the groups after migrate).

Communications maintains guidelines, taboo topics and company/product names;
nobody but a superuser deletes a taboo topic or a published version (topics
are deactivated, versions stay). HR only reads; its report is a portal page
(``guidelines:report``, ``@role_required(Role.HR, Role.COMMUNICATIONS)``).
"""

from portal.roles import Role, model_perms

ROLE_PERMISSIONS = {
    Role.COMMUNICATIONS: [
        # Draft sections; published sections are copies that never change.
        *model_perms("guidelines.section", "add", "change", "delete", "view"),
        # Publishing is "adding" a version.
        *model_perms("guidelines.guidelineversion", "add", "view"),
        *model_perms("guidelines.tabootopic", "add", "change", "view"),
        *model_perms("guidelines.tabooexample", "add", "change", "delete", "view"),
        *model_perms("guidelines.tabooterm", "add", "change", "delete", "view"),
        *model_perms("guidelines.companyname", "add", "change", "delete", "view"),
    ],
    Role.HR: [
        *model_perms("guidelines.guidelineversion", "view"),
    ],
}
