from __future__ import annotations

from django.utils import translation


class UserLanguageMiddleware:
    """Use the signed-in user's chosen language on every device.

    LocaleMiddleware has already picked a language from the cookie or the
    browser; a language saved on the profile wins over both.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user else ""
        if language and user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
