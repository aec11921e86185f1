"""Addresses a request may send the browser back to: the portal's own, never another host."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request, url: str, default: str = "/") -> str:
    """Path and query of ``url`` if it is an address of this site, else ``default``.

    Only paths from the root: "?page=2" or "index" would be read relative to
    whatever page the browser is on (and Django's ``redirect()`` takes a bare
    word for a URL name); "//host" and "/\\host" are read as another host.
    """
    if not url or not url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return default
    parts = urlsplit(url)
    if not parts.path.startswith("/") or parts.path.startswith(("//", "/\\")):
        return default
    return parts.path + (f"?{parts.query}" if parts.query else "")
