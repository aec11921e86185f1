from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render, resolve_url
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from portal.lib.numbers import parse_int
from portal.lib.urls import local_path

logger = logging.getLogger(__name__)


class UserLanguageMiddleware:
    """Use the signed-in user's chosen language on every device.

    LocaleMiddleware has already picked a language from the cookie or the
    browser; a language saved on the profile wins over both. The page that
    follows signing out is in that language too (once: the next person on this
    browser gets their own).
    """

    SIGNED_OUT_LANGUAGE = "portal:signed-out-language"  # session key

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            session = getattr(request, "session", None)
            language = session.pop(self.SIGNED_OUT_LANGUAGE, "") if session is not None else ""
            if language:
                self._use(request, language)
            return self.get_response(request)
        language = user.preferred_language
        if not language:
            return self.get_response(request)
        self._use(request, language)
        response = self.get_response(request)
        if not request.user.is_authenticated:  # signed out just now
            request.session[self.SIGNED_OUT_LANGUAGE] = language
        return response

    @staticmethod
    def _use(request, language: str) -> None:
        translation.activate(language)
        request.LANGUAGE_CODE = language


class RejectUnusableInputMiddleware:
    """Answer input no view can use with 400/404 instead of a server error.

    - A NUL character in the query string: PostgreSQL cannot compare text
      with it, so any filter (e.g. an admin list filter) would crash.
    - A non-numeric id selected for an admin action (all our keys are numbers).
    - A non-numeric history record id in the admin's history pages
      (django-simple-history's ``.../history/<version_id>/`` passes it
      to an integer lookup, in every app's admin).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            message = _("The address contains characters that are not allowed.")
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method == "POST"
            and match
            and (match.url_name or "").endswith("_changelist")
            and not all(parse_int(pk) is not None for pk in request.POST.getlist("_selected_action"))
        ):
            # An admin action on a made-up id: Django's filter(pk__in=...) would crash.
            return HttpResponseBadRequest(_("The selection contains entries that do not exist."))
        if match and (match.url_name or "").endswith("_simple_history"):
            # re_path("^([^/]+)/history/([^/]+)/$"): object id, history record id
            version_id = view_kwargs.get("version_id", view_args[1] if len(view_args) > 1 else "")
            if parse_int(str(version_id)) is None:
                raise Http404
        return None


# Scripts, styles, images and fonts from the portal itself only: a script that slipped into a page
# (feed HTML is sanitised, this is the second line) cannot run, and nothing loads from third
# parties. Inline styles stay allowed (the admin's and the charts' style attributes); no form-action,
# which browsers also apply to the redirect to a single sign-on provider.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class PrivatePagesMiddleware:
    """Pages for a signed-in person are not kept by the browser: after signing out on a shared
    computer, Back must not show the last person's questions, answers or reports from its cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class HtmxRedirectMiddleware:
    """A redirect in answer to a background request (htmx) is followed as a page load.

    htmx follows a redirect itself and swaps the whole page it lands on into the
    small part it meant to replace (a second header and page inside the
    acknowledgement box, when the version changed while the page was open).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") and response.status_code in (301, 302, 303, 307, 308):
            # The same response (its cookies carry the messages for the next page), told differently.
            response["HX-Redirect"] = response["Location"]
            del response["Location"]
            response.status_code = 204
            response.content = b""
        return response


class SignInReturnMiddleware:
    """After the session ran out, sign-in comes back to the page the person was on.

    LoginRequiredMiddleware sends them to sign-in with ``next`` = the requested
    URL. Two requests cannot go back there:
    - a background request (htmx): ``next`` is the page it came from (the
      request's own URL is a fragment's; HtmxRedirectMiddleware makes the
      redirect a page load);
    - a form sent with POST (star, mark read, poll now without JavaScript): after
      sign-in, ``next`` would be opened with GET, which such a URL refuses (a
      blank 405), so ``next`` is the page the form was on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated  # before the view: signing out changes it
        response = self.get_response(request)
        if signed_in or response.status_code != 302:
            return response  # only LoginRequiredMiddleware's redirects (never after a sign-out)
        login = resolve_url(settings.LOGIN_URL)
        if urlsplit(response["Location"]).path != login:
            return response
        if request.headers.get("HX-Request"):
            back = local_path(request, request.headers.get("HX-Current-URL", ""))
            response["Location"] = f"{login}?next={quote(back)}"
        elif request.method not in ("GET", "HEAD"):
            response["Location"] = (
                f"{login}?next={quote(local_path(request, request.headers.get('Referer', '')))}"
            )
        return response


class ButtonAddressMiddleware:
    """A button's address opened as a page (a bookmark, a reload, a sign-in that came back to
    it) gets a page that says so, instead of Django's blank 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.method not in ("GET", "HEAD"):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page


class SingleSignOnErrorMiddleware:
    """An identity provider the portal cannot use (unreachable, a wrong ``OIDC_SERVER_URL``, a
    discovery document without the endpoints) gets allauth's "sign-in failed" page and an error
    in the log, not a server error: allauth catches this only on the way back from the provider,
    not when the button is pressed."""

    VIEWS = frozenset({"openid_connect_login", "openid_connect_callback"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        import requests
        from allauth.socialaccount.adapter import get_adapter
        from allauth.socialaccount.helpers import render_authentication_error

        match = request.resolver_match
        if (
            match is None
            or match.url_name not in self.VIEWS
            or not isinstance(exception, requests.RequestException | KeyError | ValueError)
        ):
            return None
        provider_id = match.kwargs.get("provider_id", "")
        logger.error("Single sign-on through %s failed: %r", provider_id, exception, exc_info=exception)
        provider = get_adapter().get_provider(request, provider_id)
        return render_authentication_error(request, provider, exception=exception)


class SlidingSessionMiddleware:
    """Keep a signed-in session alive while it is used: Django's session ends SESSION_COOKIE_AGE
    (two weeks) after it was last written, and a session nothing writes to ended two weeks after
    signing in, in the middle of someone's work. Written again once a day at most (a date in the
    session, set at sign-in too, so a request on the day of signing in writes nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            mark_session_used(request.session)
        return self.get_response(request)


SESSION_USED_ON = "portal:session-used-on"  # session key: the day the session was last written


def mark_session_used(session) -> None:
    today = timezone.localdate().isoformat()
    if session.get(SESSION_USED_ON) != today:
        session[SESSION_USED_ON] = today  # modified: SessionMiddleware saves it, expiry anew
