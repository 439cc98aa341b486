"""Talking HTTP to SPARQL servers: credentials, proxies and one-line errors.

Credentials come from ``--user`` with the password in ``AIREG_PASSWORD`` (or
asked for on the terminal), from a bearer token in ``AIREG_TOKEN``, or from a
URL's ``user:password@``. They are sent only in answer to the server's own
challenge (HTTP Basic or Digest, whichever it asks for) or as the bearer
header, and never appear in a message: every URL aireg prints goes through
:func:`redact`. Loopback servers are reached without the proxies of the
environment.
"""

from __future__ import annotations

import html
import os
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from aireg.errors import QueryError

PASSWORD_ENV = "AIREG_PASSWORD"
TOKEN_ENV = "AIREG_TOKEN"


@dataclass(frozen=True, repr=False)
class Credentials:
    """A user and password (Basic or Digest, as the server asks) and/or a bearer token."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    def __repr__(self) -> str:  # never the secrets themselves
        return (f"Credentials(user={self.user!r}, password={'***' if self.password else None}, "
                f"token={'***' if self.token else None})")

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self.user or self.token)


def redact(url: str) -> str:
    """``url`` without any ``user:password@``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//[^/@]*@", "//", url)
    if parts.username is None and parts.password is None and "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def credentials_for(url: str, user: str | None = None, *, ask: bool = True,
                    environ=None) -> tuple[str, Credentials | None]:
    """The URL without credentials, and the credentials to use for it.

    ``user`` (``--user``) takes its password from ``AIREG_PASSWORD``, or asks
    on the terminal; a URL's own ``user:password@`` is taken out of the URL.
    A bearer token comes from ``AIREG_TOKEN``.
    """
    environ = os.environ if environ is None else environ
    clean = redact(url)
    try:
        parts = urlsplit(url)
        url_user = unquote(parts.username) if parts.username else None
        url_password = unquote(parts.password) if parts.password is not None else None
    except ValueError:
        url_user = url_password = None
    name = user or url_user
    password = url_password if (url_user and (user is None or user == url_user)) else None
    token = environ.get(TOKEN_ENV) or None
    if name and password is None:
        password = environ.get(PASSWORD_ENV)
        if password is None:
            if ask and sys.stdin is not None and sys.stdin.isatty():
                import getpass

                password = getpass.getpass(f"password for {name} at {clean}: ")
            else:
                raise QueryError(f"--user {name}: give the password in the {PASSWORD_ENV} environment variable "
                                 "(or run in a terminal to be asked for it)")
    if not name and not token:
        return clean, None
    return clean, Credentials(name, password, token)


def is_loopback(url: str) -> bool:
    from aireg.sparql.check import is_loopback_url

    return is_loopback_url(url)


def opener(url: str, credentials: Credentials | None = None) -> urllib.request.OpenerDirector:
    """An opener for ``url``: no proxy for loopback, Basic and Digest answers for the user."""
    handlers: list[urllib.request.BaseHandler] = []
    if is_loopback(url):
        handlers.append(urllib.request.ProxyHandler({}))
    if credentials is not None and credentials.user:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        parts = urlsplit(url)
        manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", credentials.user, credentials.password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


_TAG = re.compile(r"<[^>]*>")
_SKIP = re.compile(r"^(?:<!DOCTYPE|<\?xml|<html|<head|<meta|<link|<style|<script)", re.IGNORECASE)


def body_reason(body: bytes | str | None, content_type: str = "") -> str:
    """The server's reason in one line: the first line of a text body, the first words of an HTML page."""
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    looks_html = "html" in content_type.lower() or bool(re.match(r"\s*<(?:!DOCTYPE|html|\?xml)", text, re.IGNORECASE))
    if looks_html:
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", "\n", text)
        title = re.search(r"(?is)<title>(.*?)</title>", body.decode("utf-8", "replace") if isinstance(body, bytes) else body)
        text = html.unescape(_TAG.sub("\n", text))
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines and title:
            lines = [html.unescape(title.group(1)).strip()]
    else:
        lines = [line.strip() for line in text.strip().splitlines() if line.strip() and not _SKIP.match(line.strip())]
    line = " ".join(lines[0].split()) if lines else ""
    return line[:200]


def http_error(url: str, err: urllib.error.HTTPError) -> QueryError:
    """One line for an HTTP error status: the endpoint (no credentials), the status, the server's reason."""
    try:
        body = err.read()
    except Exception:
        body = b""
    content_type = err.headers.get("Content-Type", "") if err.headers else ""
    detail = body_reason(body, content_type) or (err.reason if isinstance(err.reason, str) else "")
    hint = ""
    if err.code in (401, 403):
        hint = " (give --user with the password in AIREG_PASSWORD, or a token in AIREG_TOKEN)"
    return QueryError(f"{redact(url)} answered HTTP {err.code}" + (f": {detail}" if detail else "") + hint)
