"""``prov ingest`` and ``prov documents``: storing articles and listing them."""

from __future__ import annotations

import os

import click

from provenance.cli.context import ID, ProvContext, pass_prov
from provenance.cli.output import emit, output_options


@click.command("ingest")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True)
@click.option("--title", help="The article's headline (one article only).")
@click.option("--outlet", help='The publisher, e.g. "Financial Times".')
@click.option("--url", help="Where the article was published (one article only).")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date.")
@click.option("--author", "authors", multiple=True, help="An author (repeatable).")
@click.option("--extract", "run_extractor", is_flag=True, help="Also store proposals.")
@click.option("--recursive", "-r", is_flag=True, help="Walk the folders' subfolders too.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    help="Processes reading the articles (default: the cores, up to 4).",
)
@click.option(
    "--failures",
    metavar="FILE",
    help="Where to write what could not be ingested and why (default: a new file here).",
)
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@pass_prov
def ingest_command(
    prov: ProvContext,
    paths: tuple[str, ...],
    title: str | None,
    outlet: str | None,
    url: str | None,
    published: str | None,
    authors: tuple[str, ...],
    run_extractor: bool,
    recursive: bool,
    jobs: int | None,
    failures: str | None,
    actor: str | None,
) -> None:
    """Store articles: a UTF-8 text file, a saved web page, or - for standard input
    (prints the new document's id); or a corpus: folders, JSON Lines of article
    records (text or html, title, outlet, url, published, authors) and WARC files.

    From a web page (with the html extra), the article text is extracted and its
    headline, authors, date, site name and URL fill in the options not given. A
    corpus is read on several cores, with progress, each article stored whole; a text
    stored already is skipped as a duplicate, so a run stopped part-way is finished by
    running it again; what cannot be read is listed, with the reason, in a file.

    \b
    Examples:
      prov ingest article.txt --title "Israel and Turkey hold talks" \\
          --outlet "Financial Times" --published 2025-04-10 --author "A. Reporter"
      prov ingest article.txt --extract && prov review --doc 1
      prov ingest articles/ --recursive --extract --jobs 2
      prov ingest crawl.jsonl --extract
    """
    from provenance.documents.sources import is_corpus_file

    one_file = (
        len(paths) == 1
        and not recursive
        and (paths[0] == "-" or (not os.path.isdir(paths[0]) and not is_corpus_file(paths[0])))
    )
    if one_file:
        _ingest_one(prov, paths[0], title, outlet, url, published, authors, run_extractor, actor)
        return
    if title or url:
        raise click.UsageError(
            "--title and --url name one article; a folder's or a crawl's articles carry "
            "their own (or give one file)"
        )
    if "-" in paths:
        raise click.UsageError("- (standard input) is one article; give it on its own")
    from provenance.cli.corpus import ingest_many

    ingest_many(
        prov,
        paths,
        recursive=recursive,
        extract=run_extractor,
        jobs=jobs,
        failures=failures,
        outlet=outlet,
        published=published,
        authors=authors,
        actor=actor,
    )


def _ingest_one(
    prov: ProvContext,
    file: str,
    title: str | None,
    outlet: str | None,
    url: str | None,
    published: str | None,
    authors: tuple[str, ...],
    run_extractor: bool,
    actor: str | None,
) -> None:
    from provenance.documents.articles import load_article
    from provenance.documents.ingest import ingest_document
    from provenance.store.history import default_actor

    article = load_article(file)
    with prov.database().session() as session:
        document = ingest_document(
            session,
            article.text,
            actor=actor or default_actor(),
            title=title or article.title,
            outlet=outlet or article.outlet,
            url=url or article.url,
            published=published or article.published,
            authors=authors or article.authors,
            original_sha256=article.original_sha256,
        )
        click.echo(document.id)
        if run_extractor:
            from provenance.attributions.proposals import save_proposals

            report = save_proposals(session, document, actor=actor or default_actor())
            click.echo(f"document {document.id}: {report.summary()}", err=True)


@click.command("documents")
@output_options
@pass_prov
def documents_command(prov: ProvContext, fmt: str) -> None:
    """List stored documents with their attribution counts and review progress.

    For each document: its attributions, and how many of them are still proposed
    (awaiting `prov review`), confirmed and rejected.

    \b
    Example:
      prov documents --format json
    """
    from sqlalchemy import func, select

    from provenance.store.models import Attribution, Document, Outlet

    statuses = ("proposed", "confirmed", "rejected")
    a = Attribution
    with prov.database().session(write=False) as session:
        counts = (
            select(
                a.document_id,
                func.count().label("attributions"),
                *(func.count().filter(a.status == s).label(s) for s in statuses),
            )
            .group_by(a.document_id)
            .subquery()
        )
        query = (
            select(
                Document.id,
                Document.title,
                Outlet.name,
                Document.published,
                Document.url,
                func.length(Document.text),
                Document.revises_id,
                Document.sha256,
                *(func.coalesce(counts.c[c], 0) for c in ("attributions", *statuses)),
            )
            .outerjoin(Outlet, Outlet.id == Document.outlet_id)
            .outerjoin(counts, counts.c.document_id == Document.id)
            .order_by(Document.id)
        )
        rows = [
            {
                "id": doc_id,
                "title": title,
                "outlet": outlet,
                "published": published.isoformat() if published else None,
                "url": url,
                "characters": characters,
                "attributions": n,
                "proposed": proposed,
                "confirmed": confirmed,
                "rejected": rejected,
                "revises": revises,
                "sha256": sha256,
            }
            for (
                doc_id,
                title,
                outlet,
                published,
                url,
                characters,
                revises,
                sha256,
                n,
                proposed,
                confirmed,
                rejected,
            ) in session.execute(query)
        ]
    shown = ["id", "title", "outlet", "published", "attributions", *statuses, "revises"]
    emit(rows, fmt, [*shown, "url", "sha256"], table_columns=shown)
    if fmt == "table" and any(row["proposed"] for row in rows):
        waiting = sum(1 for row in rows if row["proposed"])
        click.echo(
            f"{waiting} document(s) have proposals awaiting review: prov review --doc ID",
            err=True,
        )


@click.command("revise")
@click.argument("doc_id", type=ID)
@click.argument("file", metavar="FILE")
@click.option("--title", help="The new version's headline (default: the old one).")
@click.option("--url", help="The new version's URL (default: the old one).")
@click.option("--published", metavar="YYYY-MM-DD", help="The new version's date.")
@click.option("--by", "actor", help="Who is recording this (default: the OS user).")
@output_options
@pass_prov
def revise_command(
    prov: ProvContext,
    doc_id: int,
    file: str,
    title: str | None,
    url: str | None,
    published: str | None,
    actor: str | None,
    fmt: str,
) -> None:
    """Store a new version of a document and carry its attributions over.

    Each attribution is found again in the new text: unchanged, moved, changed
    (found with edits: the old and new quote are shown; it becomes "proposed" until a
    person confirms it) or lost.

    \b
    Example:
      prov revise 1 article-v2.txt --format json
    """
    from provenance.cli.output import terminal_text
    from provenance.documents.articles import load_article
    from provenance.documents.ingest import get_document
    from provenance.documents.revisions import revise_document
    from provenance.errors import BadInput, DuplicateDocument
    from provenance.store.history import default_actor

    text = load_article(file).text
    with prov.database().session() as session:
        old = get_document(session, doc_id)
        try:
            new, report = revise_document(
                session,
                old,
                text,
                actor=actor or default_actor(),
                title=title,
                url=url,
                published=published,
            )
        except DuplicateDocument as dup:
            raise BadInput(
                f"{file} is no new version: its text is stored already, as document "
                f"{dup.existing_id}; a stored text is kept once, so a version that goes back "
                "to it needs no new document"
            ) from None
        new_id = new.id
    rows = [r.as_dict() for r in report]
    columns = [
        "id",
        "status",
        "similarity",
        "old_start",
        "old_end",
        "new_start",
        "new_end",
        "new_id",
        "old_text",
        "new_text",
        "source_status",
        "cue_status",
    ]
    if fmt == "table":
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        click.echo(f"document {new_id} revises document {doc_id}: {summary or 'no attributions'}")
        for r in rows:
            if r["status"] in ("changed", "lost"):
                how = "its passage went to another" if r["method"] == "taken" else "similarity"
                score = "" if r["method"] == "taken" else f" {r['similarity']:.0f}"
                click.echo(f"\n#{r['id']} {r['status']} ({how}{score})")
                click.echo(f"  old: {terminal_text(r['old_text'])}")
                new_text = r["new_text"] if r["new_text"] is not None else "(not found)"
                click.echo(f"  new: {terminal_text(new_text)}")
            edited = [
                f"{role} {r[role + '_status']}"
                for role in ("source", "cue")
                if r[role + "_status"] in ("changed", "lost", "detached")
            ]
            if edited and r["new_id"] is not None:
                click.echo(
                    f"\n#{r['id']} → #{r['new_id']} proposed: {', '.join(edited)}; "
                    f"confirm with prov review --doc {new_id}"
                )
        return
    emit(rows, fmt, columns)
