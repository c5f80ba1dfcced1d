"""The law's files: every rule with a legal head carries a provision label, every label
a quoted text and a source URL, and every draft's program grounds."""

import re
from urllib.parse import urlparse

import clingo
import pytest

from aiact_foss.language.vocabulary import DRAFT_IDS
from aiact_foss.law import drafts

# Predicates a plumbing rule may define: bookkeeping, never a legal conclusion.
CONCLUSIONS = {"in_scope", "exempt", "research_exempt", "foss", "monetised", "gpai_model", "foundation_model",
               "gpai_system", "systemic_risk", "prohibited_practice", "obligation", "lifted", "registrations"}


def _head_names(stm) -> set[str]:
    from clingo.ast import ASTType

    if stm.ast_type != ASTType.Rule:
        return set()
    head = stm.head
    names = set()

    def visit(node):
        if node.ast_type == ASTType.SymbolicAtom and node.symbol.ast_type == ASTType.Function:
            names.add(node.symbol.name)
        for key in node.child_keys:
            child = getattr(node, key)
            if isinstance(child, clingo.ast.AST):
                visit(child)
            elif isinstance(child, (list, tuple, clingo.ast.ASTSequence)):
                for c in child:
                    visit(c)

    visit(head)
    return names


def test_all_six_drafts_are_encoded():
    assert drafts.available() == DRAFT_IDS


@pytest.mark.parametrize("draft_id", DRAFT_IDS)
def test_every_rule_deriving_a_conclusion_is_labelled(draft_id):
    for s in drafts.statements(draft_id):
        if s.label is None:
            assert not (_head_names(s.ast) & CONCLUSIONS), f"logic/{s.file}:{s.line}: a conclusion derived by an unlabelled rule"


@pytest.mark.parametrize("draft_id", DRAFT_IDS)
def test_every_label_has_text_and_a_well_formed_url(draft_id):
    provs = drafts.provisions(draft_id)
    for label in drafts.labels(draft_id):
        assert label in provs, f"{draft_id}: label {label} has no entry in provisions.yaml"
        p = provs[label]
        assert p.ref.strip() and p.text.strip(), f"{draft_id}: {label} lacks ref or text"
        url = urlparse(p.url)
        # an official source, or the section of LIMITATIONS.md an encoding assumption cites
        assert (url.scheme == "https" and url.netloc) or (not url.scheme and url.path == "LIMITATIONS.md"
                                                          and url.fragment), \
            f"{draft_id}: {label} has a malformed url {p.url!r}"


@pytest.mark.parametrize("draft_id", DRAFT_IDS)
def test_every_provision_entry_is_used(draft_id):
    used = set(drafts.labels(draft_id))
    own = {k for k, v in drafts.provisions(draft_id).items() if v.draft == draft_id}
    assert own <= used, f"{draft_id}: provisions.yaml quotes labels no rule carries: {sorted(own - used)}"


def test_the_letter_is_an_amendment_that_strikes_one_march_label():
    letter = drafts.draft("letter-2023-04")
    assert letter.amends == "ep-2023-03-23"
    assert letter.strikes and all(s in drafts.labels("ep-2023-03-23") for s in letter.strikes)
    assert not any(s in drafts.labels("letter-2023-04") for s in letter.strikes)
    march = [str(s.ast) for s in drafts.statements("ep-2023-03-23") if s.label not in letter.strikes]
    assert march == [str(s.ast) for s in drafts.statements("letter-2023-04")][: len(march)]


@pytest.mark.parametrize("draft_id", DRAFT_IDS)
def test_every_file_opens_with_a_banner(draft_id):
    from aiact_foss.law.resources import logic_root

    for f in {s.file for s in drafts.statements(draft_id)}:
        first = (logic_root() / f).read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.startswith("%"), f"logic/{f} does not open with a banner comment"


@pytest.mark.parametrize("draft_id", DRAFT_IDS)
def test_the_printed_program_runs_in_plain_clingo(draft_id):
    text = drafts.program_text(draft_id)
    assert "#script" not in text and "#include" not in text and not re.search(r"@\w", text)
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], text)
    ctl.ground([("base", [])])
    assert ctl.solve().satisfiable


def test_every_encoding_assumption_cited_has_its_heading_in_limitations():
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    headings = {
        re.sub(r"[^a-z0-9 -]", "", line[3:].strip().lower()).replace(" ", "-")
        for line in (root / "LIMITATIONS.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    for d in DRAFT_IDS:
        for p in drafts.provisions(d).values():
            if "LIMITATIONS.md" in p.url:
                anchor = p.url.split("#", 1)[1]
                assert anchor in headings, f"{d}: {p.label} cites LIMITATIONS.md#{anchor}, which has no heading"
