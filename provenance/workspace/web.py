"""What the workspace's routes share: the :class:`Workspace` (database, actor, whether
it writes), answering as a page or as JSON, CSRF tokens, and reading query parameters."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import abort, g, jsonify, render_template, request, session
from sqlalchemy.orm import Session

from provenance.store.database import Database

__all__ = [
    "Workspace", "check_csrf", "csrf_token", "int_arg", "is_loopback", "respond",
    "wants_json", "workspace",
]  # fmt: skip


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
