"""What each role may do with monitoring's models in the admin."""

from portal.roles import Role, model_perms

ROLE_PERMISSIONS = {
    Role.COMMUNICATIONS: [
        *model_perms("monitoring.source", "add", "change", "delete", "view"),
        *model_perms("monitoring.trackedkeyword", "add", "change", "delete", "view"),
        # Mentions come from feeds; comms handles them in the queue, not the admin.
        *model_perms("monitoring.mention", "view"),
        *model_perms("monitoring.mentiontaboomatch", "view"),
    ],
}
