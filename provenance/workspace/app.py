"""The workspace as a WSGI application: Flask routes over the library, server-rendered
pages that read without JavaScript, and each page's data as JSON (``?format=json``).

Stored article text is hostile input, so every value reaches the page through
Jinja2's autoescaping, and the Content-Security-Policy lets the page load only its own
stylesheet and script (no inline script or style, no frames, no other origin). A form
that writes carries a CSRF token bound to the signed session cookie; a JSON write
carries it in the ``X-CSRF-Token`` header.

Who may write: nobody on a ``--read-only`` workspace; otherwise, in this version, the
person running ``prov serve`` on their own machine (bound to a loopback address), with
every change recorded under their name as the CLI records it. A workspace bound to
another address is read-only until accounts (issue #17) land.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, jsonify, render_template, request, session
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from provenance.errors import NotFound, ProvError
from provenance.store.database import Database

__all__ = ["Workspace", "create_app", "is_loopback"]

HERE = Path(__file__).parent

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

# How the library's {placeholders} read on a page: the query parameters.
WEB_FLAGS = {"limit": "limit", "offset": "offset", "since": "since", "until": "until"}


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Workspace:
    """What the routes share: the database, and who may write under which name."""

    def __init__(self, database: Database, *, actor: str, writable: bool, why_not: str = ""):
        self.database = database
        self.actor = actor
        self.writable = writable and not database.read_only
        self.why_not = why_not or (
            "this workspace is read-only (prov serve --read-only)" if not self.writable else ""
        )

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.database.session(write=False) as s:
            yield s

    @contextmanager
    def writing(self) -> Iterator[Session]:
        if not self.writable:
            abort(403, description=self.why_not)
        with self.database.session() as s:
            yield s


def workspace() -> Workspace:
    space: Workspace = g.workspace
    return space


def wants_json() -> bool:
    return request.args.get("format") == "json" or (
        request.accept_mimetypes.best == "application/json"
    )


def respond(template: str, data: dict[str, Any], **extra: Any) -> Any:
    """The page, or with ``?format=json`` the data it shows."""
    if wants_json():
        return jsonify(data)
    return render_template(template, data=data, **extra)


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return str(token)


def check_csrf() -> None:
    """Refuse a write whose form field or header does not carry the session's token."""
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
    expected = session.get("csrf")
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, description="the form is out of date (no valid CSRF token); reload the page")


def create_app(
    database: Database,
    *,
    actor: str,
    writable: bool = True,
    why_not: str = "",
    secret: bytes | None = None,
) -> Flask:
    """The workspace over ``database``. Changes are recorded under ``actor``;
    ``writable`` False refuses every write, saying ``why_not``. ``secret`` signs the
    session cookie (a new random one each start by default, which signs everyone out
    when the server restarts)."""
    from provenance.workspace import pages, review

    app = Flask(
        "provenance.workspace",
        root_path=str(HERE),
        template_folder=str(HERE / "templates"),
        static_folder=str(HERE / "static"),
    )
    app.secret_key = secret or secrets.token_bytes(32)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=1 << 20,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    space = Workspace(database, actor=actor, writable=writable, why_not=why_not)

    @app.before_request
    def _attach() -> None:
        g.workspace = space
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            check_csrf()

    @app.after_request
    def _secure(response: Any) -> Any:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.context_processor
    def _shared() -> dict[str, Any]:
        return {
            "csrf_token": csrf_token,
            "writable": space.writable,
            "why_not": space.why_not,
            "actor": space.actor,
            "database": database.display_name,
        }

    @app.errorhandler(ProvError)
    def _prov_error(error: ProvError) -> Any:
        status = 404 if isinstance(error, NotFound) else 400
        return _error(status, error.render(WEB_FLAGS))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Any:
        return _error(error.code or 500, error.description or error.name)

    pages.register(app)
    review.register(app)
    return app


def _error(status: int, message: str) -> Any:
    if wants_json() or request.is_json:
        return jsonify({"error": message, "status": status}), status
    return render_template("error.html", status=status, message=message), status


def int_arg(name: str, default: int, *, low: int = 0, high: int = 2**31 - 1) -> int:
    """A whole-number query parameter, or a one-line 400 saying what is wrong."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw, 10)
    except ValueError:
        abort(400, description=f"{name} must be a whole number, not {raw[:40]!r}")
    if not low <= value <= high:
        abort(400, description=f"{name} must be between {low} and {high}, not {value}")
    return value


Route = Callable[..., Any]
