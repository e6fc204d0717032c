"""Merging two speakers into one, and undoing it from the history.

A merged speaker stays as a tombstone pointing at the one it joined, and the history
records exactly which attributions and names moved, so that an unmerge puts back what
the merge took and nothing else (an attribution carried into later versions of an
article follows its original).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from provenance.errors import BadInput
from provenance.speakers.directory import _holder, _id, add_alias
from provenance.speakers.resolution import index_speaker
from provenance.store.chains import ancestors
from provenance.store.history import record_change
from provenance.store.models import Attribution, Change, Speaker
from provenance.text.folding import fold_key
from provenance.vocabulary import AttributionStatus

__all__ = ["merge_speakers", "unmerge_speaker"]


def _holder_loop(start: Speaker) -> bool:
    """Whether following holders up from ``start`` comes back round."""
    *_, last = ancestors(start, _holder, _id)
    return last.holder is not None  # the walk stopped at a holder met before


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def merge_speakers(
    session: Session,
    source: Speaker,
    target: Speaker,
    *,
    actor: str,
    across_types: bool = False,
) -> Change:
    """Make ``source`` one with ``target``: its attributions and names move over.

    ``source`` stays as a tombstone pointing at ``target``; the history records
    exactly what moved, so :func:`unmerge_speaker` can put it back. Speakers of two
    types (a person and an organisation) are refused unless ``across_types``: a
    person's quotes moved onto a campaign change who said them.
    """
    if source.id == target.id:
        raise BadInput(f"{source.name!r} and {target.name!r} are already one speaker")
    if source.merged_into_id is not None:
        raise BadInput(f"{source.name!r} was already merged")
    if (source.document_id or target.document_id) and source.document_id != target.document_id:
        raise BadInput("an unnamed source can only be merged with one of the same document")
    if source.type != target.type and not across_types:
        raise BadInput(
            f"{source.name!r} is {_a(source.type)} and {target.name!r} {_a(target.type)}: merging "
            "would give one's attributions to the other; check the names (`prov speakers`), "
            "or add {across_types} if they really are one",
            across_types="across_types=True",
        )
    if source.holder_id == target.id or target.holder_id == source.id:
        raise BadInput(
            f"{source.name!r} and {target.name!r} are an office and its holder: two speakers "
            "by design (unlink with {link_holder} on another speaker)",
            link_holder="a holder link",
        )
    twin = Attribution.__table__.alias("twin")
    has_twin = (
        select(twin.c.id)
        .where(
            twin.c.speaker_id == target.id,
            twin.c.document_id == Attribution.document_id,
            twin.c.content_start == Attribution.content_start,
            twin.c.content_end == Attribution.content_end,
        )
        .exists()
    )
    rejected = AttributionStatus.REJECTED.value
    clashes = list(
        session.scalars(
            select(Attribution.id).where(
                Attribution.speaker_id == source.id, Attribution.status != rejected, has_twin
            )
        )
    )
    if clashes:
        raise BadInput(
            f"attributions {clashes} of {source.name!r} are already recorded for "
            f"{target.name!r}; reject the duplicates first (prov reject {clashes[0]})"
        )
    # a rejected duplicate stays behind with the merged name: a dead record, kept
    moved = list(
        session.scalars(
            select(Attribution.id).where(
                Attribution.speaker_id == source.id,
                ~(has_twin & (Attribution.status == rejected)),
            )
        )
    )
    session.execute(
        update(Attribution).where(Attribution.id.in_(moved)).values(speaker_id=target.id)
    )
    names = [source.name, *(x.alias for x in source.aliases)]
    added = [name for name in names if add_alias(session, target, name)]
    # the offices the merged speaker held are now held by the one it is merged into;
    # an office merged into another takes its holder along if that one had none
    offices = list(session.scalars(select(Speaker.id).where(Speaker.holder_id == source.id)))
    session.execute(update(Speaker).where(Speaker.id.in_(offices)).values(holder_id=target.id))
    holder_taken = target.holder_id is None and source.holder_id is not None
    if holder_taken:
        target.holder_id = source.holder_id
    source.merged_into_id = target.id
    session.flush()
    session.expire_all()  # the bulk update above moved holders behind the identity map
    if any(_holder_loop(s) for s in [target, *(session.get(Speaker, o) for o in offices)] if s):
        raise BadInput(
            f"merging {source.name!r} into {target.name!r} would make offices hold each "
            "other in a loop; relink them first (prov speaker link)"
        )
    index_speaker(session, source)
    index_speaker(session, target)
    return record_change(
        session,
        actor=actor,
        action="speaker.merge",
        entity="speaker",
        entity_id=source.id,
        data={
            "into": target.id,
            "attributions": moved,
            "aliases_added": added,
            "offices": offices,
            "holder_taken": holder_taken,
        },
    )


def unmerge_speaker(session: Session, source: Speaker, *, actor: str) -> Speaker:
    """Undo the last merge of ``source``, from the history."""
    if source.merged_into_id is None:
        raise BadInput(f"{source.name!r} is not merged into another speaker")
    change = session.scalar(
        select(Change)
        .where(Change.action == "speaker.merge", Change.entity_id == source.id)
        .order_by(Change.id.desc())
        .limit(1)
    )
    if change is None:
        raise BadInput(f"the history has no merge of {source.name!r} to undo")
    target = session.get(Speaker, change.data["into"])
    assert target is not None
    # The target may itself have been merged on since: the attributions and names that
    # moved with it are wherever that chain of merges now ends.
    chain = [target]
    while chain[-1].merged_into_id is not None and len(chain) < 100:
        following = session.get(Speaker, chain[-1].merged_into_id)
        assert following is not None
        chain.append(following)
    clash = session.scalar(
        select(Speaker).where(
            Speaker.key == source.key,
            Speaker.merged_into_id.is_(None),
            Speaker.id != source.id,
            Speaker.document_id == source.document_id
            if source.document_id is not None
            else Speaker.document_id.is_(None),
        )
    )
    if clash is not None:
        raise BadInput(
            f"{clash.name!r} ({clash.type}) has taken that name since the merge; merge or "
            f"rename it first, then unmerge {source.name!r}"
        )
    ids = _with_revised_copies(session, change.data.get("attributions", []))
    chain_ids = [c.id for c in chain]
    session.execute(
        update(Attribution)
        .where(Attribution.id.in_(ids), Attribution.speaker_id.in_(chain_ids))
        .values(speaker_id=source.id)
    )
    offices = change.data.get("offices", [])
    session.execute(
        update(Speaker)
        .where(Speaker.id.in_(offices), Speaker.holder_id.in_(chain_ids))
        .values(holder_id=source.id)
    )
    if change.data.get("holder_taken") and target.holder_id == source.holder_id:
        target.holder_id = None
    removed = {fold_key(a) for a in change.data.get("aliases_added", [])}
    for holder in chain:
        for alias in list(holder.aliases):
            if alias.key in removed:
                holder.aliases.remove(alias)
    source.merged_into_id = None
    session.flush()
    session.expire_all()  # the bulk updates above moved holders behind the identity map
    if any(_holder_loop(s) for s in (source, *chain)):
        raise BadInput(
            f"giving {source.name!r} back its offices would make offices hold each other in "
            "a loop (links made since the merge); relink them first (prov speaker link)"
        )
    for speaker in (source, *chain):
        index_speaker(session, speaker)
    record_change(
        session,
        actor=actor,
        action="speaker.unmerge",
        entity="speaker",
        entity_id=source.id,
        data={"from": target.id, "undoes": change.id, "attributions": ids},
    )
    return target


def _with_revised_copies(session: Session, ids: list[int]) -> list[int]:
    """``ids`` and the copies later revisions made of them (and of those copies)."""
    found, frontier = list(ids), list(ids)
    while frontier:
        frontier = list(
            session.scalars(select(Attribution.id).where(Attribution.revised_from_id.in_(frontier)))
        )
        frontier = [i for i in frontier if i not in found]
        found += frontier
    return found
