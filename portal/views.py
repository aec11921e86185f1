from __future__ import annotations

from importlib import import_module

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from allauth.account.views import email as allauth_email_view
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from portal import health, personal_data
from portal.admin_conflicts import save_merged
from portal.forms import ProfileForm
from portal.roles import FEATURE_APPS


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Everybody: the dashboard with a card per app showing what is due for me."""
    cards = [import_module(f"{app}.dashboard").card(request) for app in FEATURE_APPS]
    return render(request, "portal/home.html", {"cards": cards})


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Anybody: switch the language; signed-in users keep it on their profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and translation.check_for_language(language)
        and language != user.preferred_language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response


def profile(request: HttpRequest) -> HttpResponse:
    """Everybody: edit my own name, department and language."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        merged = save_merged(form)
        language = form.cleaned_data["preferred_language"]
        if merged:  # the language may be another tab's, kept: the one stored now
            form.instance.refresh_from_db(fields=["preferred_language"])
            language = form.instance.preferred_language
        if not language:
            # Empty means the browser's language: forget one the switcher kept in a cookie, too.
            request.COOKIES.pop(settings.LANGUAGE_COOKIE_NAME, None)
            request.user.remember_language(translation.get_language_from_request(request))
        translation.activate(language or translation.get_language_from_request(request))
        messages.success(request, _("Your profile has been saved."))  # in the new language
        if merged:
            messages.info(
                request, _("What was changed meanwhile in other fields (by HR or in another tab) is kept.")
            )
        response = redirect("profile")
        if not language:
            response.delete_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
    return render(request, "portal/profile.html", {"form": form})


@never_cache
@require_GET
def my_data(request: HttpRequest) -> JsonResponse:
    """Everybody: what the portal stores about me, as a file (GDPR Art. 15 and 20)."""
    data = personal_data.collect(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="social-media-portal-my-data-{day}.json"'
    return response


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Anybody (load balancers): 200 when database and broker answer, else 503."""
    checks = {"database": health.check_database(), "broker": health.check_broker()}
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


def email_addresses(request: HttpRequest) -> HttpResponse:
    """allauth's address management, only where addresses are verified.

    Without company domains there is no e-mail verification, so an employee
    could make any address (a private one, someone else's future one) their
    sign-in address; the portal's administrators change addresses in the admin instead.
    """
    if settings.ACCOUNT_ALLOWED_DOMAINS:
        return allauth_email_view(request)
    messages.info(
        request,
        _(
            "Your sign-in address is changed by the portal's administrators only. Please ask them "
            "(through HR or the IT service desk) if it needs to change."
        ),
    )
    return redirect("profile")


@method_decorator(login_not_required, name="dispatch")
class ConfirmEmailView(AllauthConfirmEmailView):
    """allauth's confirmation link, which said "expired or invalid, request a new one" when
    opened again after the address was confirmed (and sending its form again was a 404): it says
    the address is confirmed, and goes on to the dashboard or to sign-in."""

    def dispatch(self, request, *args, **kwargs):
        if self._confirmed_already(kwargs["key"]):
            if request.user.is_authenticated:
                messages.info(request, _("This e-mail address has been confirmed already."))
                return redirect("home")
            messages.info(request, _("This e-mail address has been confirmed already: you can sign in."))
            return redirect("account_login")
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def _confirmed_already(key: str) -> bool:
        try:
            # Also once the link has expired: the address is confirmed all the same.
            pk = signing.loads(key, salt=allauth_settings.SALT)
        except signing.BadSignature:
            return False
        return isinstance(pk, int) and EmailAddress.objects.filter(pk=pk, verified=True).exists()
