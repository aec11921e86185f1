"""What each role may do with training data in the admin (synced to the groups after migrate)."""

from portal.roles import Role, model_perms

ROLE_PERMISSIONS = {
    # HR maintains modules and quizzes, runs campaigns and manages assignments.
    # Nobody but a superuser deletes assignments or attempts: they are compliance records.
    Role.HR: [
        *model_perms("training.module", "add", "change", "view"),
        *model_perms("training.question", "add", "change", "delete", "view"),
        *model_perms("training.choice", "add", "change", "delete", "view"),
        # Campaigns are created in the portal (/trainings/hr/campaigns/new/), which assigns them.
        *model_perms("training.campaign", "change", "view"),
        *model_perms("training.assignment", "add", "change", "view"),
        # No quiz attempts: which answers someone chose, and when, is more than the
        # training status HR needs (no surveillance). Superusers can look for support.
    ],
}
