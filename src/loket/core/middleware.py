"""Bahasa Indonesia unless the user chose otherwise."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Many Indonesian phones and office PCs are set to English, so the browser's Accept-Language says
    little about what the citizen or officer reads best: pages are in Bahasa Indonesia until someone
    picks another language with the switch (Django's language cookie). API clients are programs that
    say what they want, so /api/ honours Accept-Language as usual."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            super().process_request(request)
            return
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
