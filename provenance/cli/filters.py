"""``filter_options``: the attribution filters search, audit and export all accept."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import click

from provenance.cli.context import ID

STRENGTHS = (
    "on_record",
    "official_statement",
    "documentary",
    "anonymous_described",
    "anonymous_vague",
    "unattributed",
)
MODES = ("direct", "mixed", "indirect")
STATUSES = ("confirmed", "proposed", "rejected")
DEFAULT_STATUSES = ("confirmed", "proposed")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from None


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add the filter options; the command receives one ``attribution_filter`` argument."""
    options = [
        click.option("--speaker", help="Speaker name or alias (diacritics fold)."),
        click.option(
            "--strength",
            "strengths",
            multiple=True,
            type=click.Choice(STRENGTHS),
            help="Sourcing strength class (repeatable).",
        ),
        click.option(
            "--named/--unnamed",
            "named",
            default=None,
            help="Only named sources, or only unnamed ones.",
        ),
        click.option("--mode", "modes", multiple=True, type=click.Choice(MODES)),
        click.option("--outlet", help='Publisher, e.g. "Financial Times".'),
        click.option(
            "--doc", "documents", multiple=True, type=ID, help="Document id (repeatable)."
        ),
        click.option(
            "--since", callback=_date, metavar="YYYY-MM-DD", help="Published on or after."
        ),
        click.option(
            "--until", callback=_date, metavar="YYYY-MM-DD", help="Published on or before."
        ),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            type=click.Choice((*STATUSES, "all")),
            help="Review status (repeatable; all: every status; default: confirmed and "
            "proposed, with the proposed ones counted apart).",
        ),
        click.option(
            "--all-versions",
            is_flag=True,
            help="Also earlier versions of revised articles (default: the latest only; "
            "--doc picks any version).",
        ),
    ]

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from provenance.attributions.filters import AttributionFilter

        statuses = kwargs.pop("statuses") or DEFAULT_STATUSES
        if "all" in statuses:
            statuses = STATUSES
        kwargs["attribution_filter"] = AttributionFilter(
            speaker=kwargs.pop("speaker"),
            strengths=kwargs.pop("strengths"),
            named=kwargs.pop("named"),
            modes=kwargs.pop("modes"),
            outlet=kwargs.pop("outlet"),
            documents=kwargs.pop("documents"),
            since=kwargs.pop("since"),
            until=kwargs.pop("until"),
            statuses=statuses,
            all_versions=kwargs.pop("all_versions"),
        )
        return f(*args, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper
