"""The amendment mechanism (logic/README.md, "Amendments"): a draft that amends another
strikes, replaces or inserts labels, and says which in its draft.toml."""

import dataclasses

import pytest

from aiact_foss.law import drafts

AMENDED = "aia-2024"


def _amendment(**kw):
    base = drafts.draft("aia-2026")
    fields = {"strikes": (), "replaces": (), "inserts": (), **kw}
    return dataclasses.replace(base, **fields)


def test_aia_2026_amends_the_2024_text_by_replacing_and_inserting():
    d = drafts.draft("aia-2026")
    assert d.amends == AMENDED and not d.strikes
    assert d.replaces and d.inserts
    old, new = set(drafts.labels(AMENDED)), set(drafts.labels("aia-2026"))
    assert set(d.replaces) <= old and not set(d.inserts) & old
    assert new == old | set(d.inserts)


def test_the_amended_drafts_kept_rules_come_first_and_unchanged():
    d = drafts.draft("aia-2026")
    gone = set(d.replaces) | set(d.strikes)
    kept = [str(s.ast) for s in drafts.statements(AMENDED) if s.label not in gone]
    assert kept == [str(s.ast) for s in drafts.statements("aia-2026")][: len(kept)]


def test_a_replaced_label_has_only_the_amendments_rules_and_text():
    d = drafts.draft("aia-2026")
    for lab in d.replaces:
        files = {s.file for s in drafts.statements("aia-2026") if s.label == lab}
        assert files and all(f.startswith("drafts/aia-2026/") for f in files), lab
        assert drafts.provisions("aia-2026")[lab].draft == "aia-2026"
    assert "AI model" in drafts.provisions("aia-2026")["art25_4"].text
    assert "AI model," not in drafts.provisions(AMENDED)["art25_4"].text


def test_kept_labels_cite_the_amended_text():
    provs = drafts.provisions("aia-2026")
    d = drafts.draft("aia-2026")
    for lab in set(drafts.labels(AMENDED)) - set(d.replaces):
        assert provs[lab].draft == AMENDED, lab


REAL = drafts.draft("aia-2026")
REPLACED, INSERTED = REAL.replaces, REAL.inserts


@pytest.mark.parametrize("kw, message", [
    ({"strikes": ("no_such_label",), "replaces": REPLACED, "inserts": INSERTED}, "strikes no_such_label, not a label of aia-2024"),
    ({"replaces": REPLACED + INSERTED[:1], "inserts": INSERTED[1:]}, f"replaces {INSERTED[0]}, not a label of aia-2024"),
    ({"replaces": REPLACED[1:], "inserts": REPLACED[:1] + INSERTED}, f"inserts {REPLACED[0]}, already a label of aia-2024"),
    ({"replaces": REPLACED, "inserts": INSERTED[:-1]}, f"its files define {INSERTED[-1]}, neither replaced nor inserted"),
    ({"replaces": REPLACED + ("art2_12",), "inserts": INSERTED}, "no file of it defines the label"),
    ({"strikes": REPLACED[:1], "replaces": REPLACED, "inserts": INSERTED}, "both struck and given anew"),
])
def test_a_malformed_amendment_is_refused_naming_its_manifest(kw, message):
    d = _amendment(**kw)
    base = {s.label for s in drafts.statements(AMENDED) if s.label}
    own = {s.label for f in d.files for s in drafts.parse_file(f) if s.label}
    with pytest.raises(drafts.BadAmendment) as e:
        drafts._check_amendment(d, base, own)
    assert str(e.value).startswith("logic/drafts/aia-2026/draft.toml: ") and message in str(e.value)


def test_the_real_amendments_pass_the_check():
    for d_id in drafts.available():
        d = drafts.draft(d_id)
        if d.amends:
            base = {s.label for s in drafts.statements(d.amends) if s.label}
            own = {s.label for f in d.files for s in drafts.parse_file(f) if s.label}
            drafts._check_amendment(d, base, own)


def test_every_difference_of_the_amended_text_names_a_provision_the_amendment_changed():
    from pathlib import Path

    from aiact_foss.engine import diffing
    from aiact_foss.language.validate import load_scenario

    changed = set(REAL.replaces) | set(REAL.inserts)
    seen = 0
    for f in sorted((Path(__file__).resolve().parents[1] / "scenarios" / "aia-2026").glob("*.yaml")):
        scn, _ = load_scenario(str(f))
        [pair] = diffing.diff(scn, [AMENDED, "aia-2026"])["pairs"]
        for d in pair["differences"]:
            seen += 1
            labels = {p["label"] for p in d["provisions"] if p["draft"] == "aia-2026" or p["label"] in changed}
            assert labels & changed, (f.name, d["conclusion"])
    assert seen


def test_the_drafts_command_lists_what_the_amendment_replaces_and_inserts(capsys, monkeypatch):
    import json
    import sys

    from aiact_foss.cli import application as climod

    monkeypatch.setattr(sys, "argv", ["aiact-foss", "drafts", "--format", "json"])
    with pytest.raises(SystemExit):
        climod.main()
    doc = {d["id"]: d for d in json.loads(capsys.readouterr().out)["drafts"]}
    new = doc["aia-2026"]
    assert new["amends"] == AMENDED and new["strikes"] == []
    assert [r["label"] for r in new["replaces"]] == list(REPLACED) and [i["label"] for i in new["inserts"]] == list(INSERTED)
    assert all("2026/1744" in r["ref"] or "Art 5" in r["ref"] or "Art 113" in r["ref"] for r in new["replaces"] + new["inserts"])
    assert "replaces" not in doc["letter-2023-04"] and "inserts" not in doc["letter-2023-04"]
