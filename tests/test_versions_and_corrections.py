"""Versions of one article form one line, and corrections (reject, merge, re-import)
never make one quote count twice."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Prov
from tests.test_cli_spans import _tamper

SEED = Path(__file__).resolve().parent.parent / "seeds" / "ft-israel-turkey-syria-2025-04.txt"


def _version(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_version_already_revised_is_not_revised_again(seeded: Prov, tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    seeded.ok("revise", "1", _version(tmp_path, "v2.txt", "UPDATED.\n" + seed))
    result = seeded("revise", "1", _version(tmp_path, "v2b.txt", "CORRECTED.\n" + seed))
    assert result.exit_code == 1
    assert "document 1 was revised already, by document 2" in result.output
    added = seeded.ok("add", "--doc", "1", "--quote", "Those ties deteriorated",
                      "--speaker", "Testy McTest", "--speaker-type", "person")  # fmt: skip
    assert "document 1 is an earlier version (document 2 revises it)" in added.output


def test_a_bundle_cannot_make_versions_revise_each_other(
    seeded: Prov, tmp_path: Path, fresh_target: str
) -> None:
    seed = SEED.read_text(encoding="utf-8")
    seeded.ok("revise", "1", _version(tmp_path, "v2.txt", "UPDATED.\n" + seed))
    lines = [json.loads(x) for x in seeded.ok("export", "--format", "bundle").stdout.splitlines()]
    first, second = lines
    first["document"]["revises"] = second["document"]["sha256"]  # v1 "revises" v2
    result = seeded.ok("import", "-", input=json.dumps(first) + "\n")
    assert "kept as stored" in result.output or "loop" in result.output
    other = Prov(fresh_target)
    looped = other.ok("import", "-", input=json.dumps(first) + "\n" + json.dumps(second) + "\n")
    assert "revise each other in a loop; the link is left empty" in looped.output
    assert other.ok("verify").exit_code == 0
    assert len(json.loads(other.ok("search", "deconfliction", "--format", "json").stdout)) == 3


def test_verify_reports_versions_in_a_loop(
    seeded: Prov, tmp_path: Path, db_target: str, backend: str
) -> None:
    seeded.ok("revise", "1", _version(tmp_path, "v2.txt", "UPDATED.\n" + SEED.read_text()))
    _tamper(db_target, backend, "UPDATE documents SET revises_id = 2 WHERE id = 1")
    result = seeded("verify")
    assert result.exit_code == 1 and "revise each other in a loop" in result.output


def test_reimporting_after_a_merge_adds_nothing(seeded: Prov) -> None:
    backup = seeded.ok("export", "--format", "bundle").stdout
    seeded.ok("speaker", "merge", "Israel and Turkey", "Government of Israel")
    again = seeded.ok("import", "-", input=backup)
    assert "imported 0 document(s) and 0 attribution(s)" in again.output
    names = [r["speaker"] for r in json.loads(seeded.ok("speakers", "--format", "json").stdout)]
    assert "Israel and Turkey" not in names
    assert seeded.ok("verify").exit_code == 0


def test_unsupported_claims_of_an_earlier_version_count_that_version(
    seeded: Prov, tmp_path: Path
) -> None:
    seed = SEED.read_text(encoding="utf-8")
    cut = " A person familiar with the matter said US representatives were also involved in the"
    cut += " meeting."
    v2 = seed.replace(cut, "")
    assert v2 != seed
    seeded.ok("revise", "1", _version(tmp_path, "v2.txt", v2))
    rows = json.loads(seeded.ok("audit", "--unsupported", "--doc", "1", "--format", "json").stdout)
    texts = [r["text"] for r in rows]
    assert any("US representatives were also involved" in t for t in texts)
    assert all(r["documents"] == [1] for r in rows), rows


def test_a_correction_of_several_ids_says_nothing_until_stored(seeded: Prov) -> None:
    result = seeded("reject", "1", "2", "99999")
    assert result.exit_code == 1
    assert "→ rejected" not in result.output
    assert json.loads(seeded.ok("show", "1", "--format", "json").stdout)["status"] == "confirmed"


def test_speaker_show_tells_rejected_attributions_apart(seeded: Prov) -> None:
    seeded.ok("reject", "18")
    profile = seeded.ok("speaker", "show", "Hakan Fidan").output
    assert "attributions: 1 (and 1 rejected)" in profile
    assert "#18 doc 1 · on_record · mixed · rejected" in profile


def test_a_miscased_db_option_is_not_read_as_query_words(seeded: Prov) -> None:
    result = seeded("search", "talks", "--DB", "/tmp/elsewhere.db")
    assert result.exit_code == 2 and "did you mean the option --db?" in result.output


def test_a_source_carried_into_a_revision_is_one_source(seeded: Prov, tmp_path: Path) -> None:
    seeded.ok("revise", "1", _version(tmp_path, "v2.txt", "UPDATED.\n" + SEED.read_text()))
    for args in (["--all-versions"], ["--doc", "1", "--doc", "2"]):
        rows = json.loads(seeded.ok("audit", "--unsupported", *args, "--format", "json").stdout)
        claim = next(r for r in rows if "US representatives" in r["text"])
        assert (claim["reason"], claim["sources"]) == ("single unnamed source", 1), args
        assert claim["documents"] == [1, 2]


def test_a_bundle_giving_one_version_two_predecessors_keeps_the_first(
    prov: Prov, tmp_path: Path
) -> None:
    import hashlib

    texts = ["Alpha said so.\n", "Beta said so.\n", "Gamma said so.\n"]
    sha = [hashlib.sha256(t.encode()).hexdigest() for t in texts]

    def line(text: str, revises: str | None = None) -> str:
        return json.dumps({"document": {"title": "T", "text": text, "revises": revises},
                           "attributions": []})  # fmt: skip

    bundle = [line(texts[0]), line(texts[1]), line(texts[2], sha[0]), line(texts[2], sha[1])]
    result = prov.ok("import", "-", input="\n".join(bundle) + "\n")
    assert "the bundle's other predecessor (document 2) is left out" in result.output
    docs = json.loads(prov.ok("documents", "--format", "json").stdout)
    assert [d["revises"] for d in docs] == [None, None, 1]
    selfish = line("Delta said so.\n", hashlib.sha256(b"Delta said so.\n").hexdigest())
    assert "revises itself" in prov.ok("import", "-", input=selfish + "\n").output


def test_a_restored_database_keeps_its_merged_names(
    seeded: Prov, fresh_target: str, tmp_path: Path
) -> None:
    before = seeded.ok("export", "--format", "bundle").stdout  # a backup from before
    seeded.ok("speaker", "merge", "Israel and Turkey", "Government of Israel")
    seeded.ok("speaker", "merge", "Israeli officials", "a former senior Israeli official",
              "--doc", "1")  # fmt: skip
    backup = seeded.ok("export", "--format", "bundle").stdout
    restored = Prov(fresh_target)
    restored.ok("import", "-", input=backup)
    assert restored.ok("export", "--format", "bundle").stdout == backup
    older = restored.ok("import", "-", input=before)
    assert "imported 0 document(s) and 0 attribution(s)" in older.output
    assert restored.ok("export", "--format", "bundle").stdout == backup
    assert restored.ok("verify").exit_code == 0
