"""What each role may do with monitoring's models in the admin."""

from portal.roles import Role, model_perms

ROLE_PERMISSIONS = {
    Role.COMMUNICATIONS: [
        *model_perms("monitoring.source", "add", "change", "delete", "view"),
        *model_perms("monitoring.trackedkeyword", "add", "change", "delete", "view"),
        # Mentions come from feeds; comms may only star them (kept beyond retention).
        *model_perms("monitoring.mention", "change", "view"),
        *model_perms("monitoring.mentiontaboomatch", "view"),
    ],
}
