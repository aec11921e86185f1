from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from monitoring.dashboard import INTRO, TITLE
from monitoring.models import Mention

PAGE_SIZE = 25


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Everybody: the newest mentions, sanitised at ingest."""
    page = Paginator(Mention.objects.newest(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "monitoring/index.html", {"title": TITLE, "intro": INTRO, "page": page})
