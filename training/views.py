from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from training.dashboard import INTRO, TITLE


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Everybody: the trainings page (being built)."""
    return render(request, "portal/coming_soon.html", {"title": TITLE, "intro": INTRO})
