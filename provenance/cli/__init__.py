"""The ``prov`` command: a thin skin over the ``provenance`` library.

Subcommands live in modules named for their noun and are imported only when they
run, so ``prov search`` never pays for Alembic, the extractor or the exporters.
"""

from __future__ import annotations

import gc
import importlib
from typing import Any

import click

from provenance.cli.context import ProvContext, run_guarded

# command name -> "module:attribute", imported on first use
COMMANDS: dict[str, str] = {
    "init": "provenance.cli.admin:init_command",
    "seed": "provenance.cli.admin:seed_command",
    "demo": "provenance.cli.demo:demo_command",
    "ingest": "provenance.cli.documents:ingest_command",
    "documents": "provenance.cli.documents:documents_command",
    "show": "provenance.cli.attributions:show_command",
    "search": "provenance.cli.search:search_command",
    "add": "provenance.cli.attributions:add_command",
    "set-strength": "provenance.cli.attributions:set_strength_command",
    "reject": "provenance.cli.attributions:reject_command",
    "confirm": "provenance.cli.attributions:confirm_command",
    "verify": "provenance.cli.admin:verify_command",
    "backup": "provenance.cli.admin:backup_command",
    "history": "provenance.cli.admin:history_command",
    "revise": "provenance.cli.documents:revise_command",
    "speakers": "provenance.cli.speakers:speakers_command",
    "extract": "provenance.cli.extract:extract_command",
    "review": "provenance.cli.extract:review_command",
    "speaker": "provenance.cli.speakers:speaker_group",
    "import": "provenance.cli.transfer:import_command",
    "export": "provenance.cli.export:export_command",
    "audit": "provenance.cli.audit:audit_command",
    "serve": "provenance.cli.serve:serve_command",
}


def _db_after(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        prov = ctx.find_object(ProvContext)
        if prov is not None:
            prov.target = value


def _with_db_option(command: click.Command) -> click.Command:
    """Let ``--db`` also follow the command (``prov search talks --db x.db``), as people
    type it; it means what ``prov --db x.db search talks`` means."""
    if not any(param.name == "db_after" for param in command.params):
        command.params.append(
            click.Option(
                ["--db", "db_after"],
                metavar="PATH_OR_URL",
                expose_value=False,
                callback=_db_after,
                hidden=True,
            )
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_db_option(sub)
    return command


class LazyGroup(click.Group):
    """A group whose subcommands are imported when they are invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return _with_db_option(getattr(importlib.import_module(module_name), attribute))

    def invoke(self, ctx: click.Context) -> Any:
        return run_guarded(lambda: super(LazyGroup, self).invoke(ctx))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db",
    envvar="PROV_DB",
    metavar="PATH_OR_URL",
    help="SQLite file or SQLAlchemy URL (env PROV_DB; default ./prov.db).",
)
@click.option(
    "--read-only",
    "read_only",
    is_flag=True,
    help="Open the database so that nothing can be written (read-only media, a shared copy).",
)
@click.version_option(package_name="quoteprov", prog_name="prov")
@click.pass_context
def cli(ctx: click.Context, db: str | None, read_only: bool) -> None:
    """prov: who said what, how strongly sourced, and exactly where.

    \b
    Start with:  prov demo
    Then:        prov search "deconfliction"
    """
    ctx.obj = ProvContext(db, read_only=read_only)
    ctx.call_on_close(ctx.obj.close)


def main() -> None:
    # Start-up imports (SQLAlchemy, the models) allocate enough to set off full
    # garbage collections that find nothing to free: a tenth of `prov search`. The
    # collector is switched back on, with the start-up objects frozen out of its
    # sight, as soon as the database is open (ProvContext.database).
    gc.disable()
    cli(prog_name="prov")


if __name__ == "__main__":  # pragma: no cover
    main()
