"""``prov serve``: the workspace in a browser (see :mod:`provenance.workspace`)."""

from __future__ import annotations

import click

from provenance.cli.context import ProvContext, pass_prov


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port."
)
@click.option("--read-only", "read_only", is_flag=True, help="Refuse every change.")
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Requests answered at once.")  # fmt: skip
@click.option("--by", "actor", help="Whose name changes are recorded under (default: the OS user).")
@pass_prov
def serve_command(
    prov: ProvContext, host: str, port: int, read_only: bool, threads: int, actor: str | None
) -> None:
    """Open the workspace in a browser: articles with their sources highlighted,
    review in place, search with facets, the audit as a chart.

    It listens on this machine only unless --host says otherwise; changes are
    recorded under your name, as the CLI records them. Bound to another address it
    does not write (accounts for a team server are to come): put it behind the
    newsroom's proxy for reading. Needs the serve extra (pip install 'quoteprov[serve]').

    \b
    Examples:
      prov serve
      prov serve --port 8080 --read-only
    """
    try:
        import waitress

        from provenance.workspace.app import create_app
        from provenance.workspace.web import is_loopback
    except ImportError as exc:
        raise click.ClickException(
            f"prov serve needs the serve extra ({exc.name} is missing): "
            "pip install 'quoteprov[serve]'"
        ) from None
    from provenance.store.history import default_actor

    if read_only:
        prov.read_only = True
    database = prov.database()
    writable, why_not = not database.read_only, ""
    if database.read_only:
        why_not = "this workspace is read-only (--read-only)"
    elif not is_loopback(host):
        writable = False
        why_not = (
            f"this workspace listens on {host}, beyond this machine, and has no accounts "
            "yet: it does not write (serve on 127.0.0.1 to review)"
        )
    app = create_app(database, actor=actor or default_actor(), writable=writable, why_not=why_not)
    server = waitress.create_server(app, host=host, port=port, threads=threads)
    shown = f"[{host}]" if ":" in host else host
    mode = "read-only" if not writable else f"changes recorded as {actor or default_actor()}"
    click.echo(
        f"prov workspace on http://{shown}:{server.effective_port}/ for {database.display_name} "
        f"({mode}); Ctrl-C stops it",
        err=True,
    )
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
