"""The only ways views fetch assignments: each checks who may see the row."""

from __future__ import annotations

from django.http import Http404

from training.models import Assignment


def get_own_assignment(user, pk: int) -> Assignment:
    """The signed-in person's own assignment; someone else's is a 404, not a 403 (no probing)."""
    assignment = (
        Assignment.objects.select_related("module")
        .filter(pk=pk)
        .filter(user=user)
        .filter(module__active=True)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def get_assignment_for_hr(pk: int) -> Assignment:
    """Any assignment, for HR views (the view is already @role_required(Role.HR))."""
    assignment = (
        Assignment.objects.select_related("module", "user__department", "campaign").filter(pk=pk).first()
    )
    if assignment is None:
        raise Http404
    return assignment
