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

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from provenance.errors import NotFound, ProvError
from provenance.store.database import Database
from provenance.workspace.web import Workspace, check_csrf, csrf_token, wants_json

__all__ = ["create_app"]

HERE = Path(__file__).parent

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

# How the library's {placeholders} read on a page: the query parameters.
WEB_FLAGS = {"limit": "limit", "offset": "offset", "since": "since", "until": "until"}


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
