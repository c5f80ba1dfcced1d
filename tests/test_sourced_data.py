"""The legal words (logic/glosses.yaml) and the licence readings (logic/licences.yaml)
are data with sources: every gloss cites provisions whose rules derive (or use) what it
glosses, every licence reading its licence's official text."""

from __future__ import annotations

import re

import clingo.ast as A
import pytest

from aiact_foss.explain import labels
from aiact_foss.explain.glosses import glosses
from aiact_foss.language.licences import ALL_GRANTS, built_ins
from aiact_foss.language.table import table
from aiact_foss.law import drafts
from aiact_foss.law.resources import logic_root

G = glosses()


def _names(node, out: set[str]) -> set[str]:
    if isinstance(node, A.AST):
        if node.ast_type == A.ASTType.SymbolicAtom and node.symbol.ast_type == A.ASTType.Function:
            out.add(node.symbol.name)
        for key in node.keys():
            value = getattr(node, key)
            if isinstance(value, A.AST):
                _names(value, out)
            elif not isinstance(value, (str, int)) and value is not None:
                try:
                    for v in value:
                        _names(v, out)
                except TypeError:
                    pass
    return out


def _consts(node, out: set[str]) -> set[str]:
    if isinstance(node, A.AST):
        if node.ast_type == A.ASTType.SymbolicTerm:
            out.add(str(node.symbol))
        for key in node.keys():
            value = getattr(node, key)
            if isinstance(value, A.AST):
                _consts(value, out)
            elif not isinstance(value, (str, int)) and value is not None:
                try:
                    for v in value:
                        _consts(v, out)
                except TypeError:
                    pass
    return out


def _rules(draft: str, label: str):
    return [s.ast for s in drafts.statements(draft) if s.label == label and s.ast.ast_type == A.ASTType.Rule]


def _all_glosses():
    for part in ("predicates", "duties", "words"):
        for name, g in getattr(G, part).items():
            yield part, name, g


@pytest.mark.parametrize("part,name,gloss", list(_all_glosses()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_gloss_cites_provisions_whose_rules_speak_of_it(part, name, gloss):
    assert gloss.sources or gloss.defined_in, f"{name}: a gloss needs a source"
    for f in gloss.defined_in:
        assert (logic_root() / f.removeprefix("logic/")).is_file(), f"{name}: {f} does not exist"
    for draft, label in gloss.sources:
        assert label in drafts.provisions(draft), f"{name}: {draft} has no provision {label}"
        rules = _rules(draft, label)
        assert rules, f"{name}: no rule of {draft} carries the label {label}"
        if part == "predicates":
            heads = set().union(*(_names(r.head, set()) for r in rules))
            bodies = set().union(*(_names(b, set()) for r in rules for b in r.body))
            assert name in (bodies | heads if gloss.defined_in else heads), f"{name}: {draft} {label}"
        else:  # a duty or a constant: named in the rules' heads (or bodies, for a helper's)
            named = set().union(*(_consts(r.head, set()) for r in rules))
            if gloss.defined_in:
                named |= set().union(*(_consts(b, set()) for r in rules for b in r.body))
            assert name in named, f"{name}: {draft} {label}"


def test_every_conclusion_duty_and_derived_predicate_has_a_gloss():
    assert set(G.duties) == set(table().duties)
    assert set(table().conclusions) - {"obligation", "lifted"} <= set(G.predicates)
    inputs = {a.name for a in table().input_atoms()}
    derived = set()
    for d in drafts.available():
        for s in drafts.statements(d):
            if s.label is not None and s.ast.ast_type == A.ASTType.Rule:
                derived |= _names(s.ast.head, set())
    missing = derived - inputs - set(G.predicates) - {"obligation", "lifted"}
    assert not missing, f"no gloss in logic/glosses.yaml for {sorted(missing)}"


def test_glosses_fit_their_arguments():
    for name, g in G.predicates.items():
        assert g.words.format(*[f"<{k}>" for k in g.args]), name
        assert all(k in labels.UNBOUND or k == "number" for k in g.args), name
    for name, g in G.duties.items():
        assert "{x}" in g.words, name


def test_the_explanation_labels_are_read_from_the_data():
    assert labels.DUTY == {d: g.words for d, g in G.duties.items()}
    for name, g in G.predicates.items():
        assert labels.ATOM[name] == (g.args, g.words)


@pytest.mark.parametrize("lid", sorted(built_ins()))
def test_every_built_in_licence_reading_carries_its_source(lid):
    b = built_ins()[lid]
    assert b.name and b.url.startswith("https://"), lid
    assert bool(b.reading) != bool(b.summary), f"{lid}: a quoted reading or a summary, not both"
    if b.reading:
        assert b.reading.count('"') >= 2, f"{lid}: the reading quotes the licence"
    grants = table().row("licence", "grants").values
    restrictions = table().row("licence", "use_restrictions").values
    assert set(b.terms.grants) <= set(grants) and set(b.terms.use_restrictions) <= set(restrictions)


def test_spdx_licences_cite_their_spdx_page():
    for lid, b in built_ins().items():
        if b.url.startswith("https://spdx.org/licenses/") and lid != "proprietary":
            assert b.url == f"https://spdx.org/licenses/{lid}.html"
    assert ALL_GRANTS == ("access", "use", "modify", "distribute")


# --------------------------------------------------------------------------- quoted texts


def _norm(text: str) -> str:
    for curly, straight in (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def _comment_quotes(text: str):
    """The passages (of 15 characters or more) that a file's comments quote, except the
    titles of the project's own documents (a quote next to a `.md` file name)."""
    blocks, current = [], []
    for line in text.splitlines() + [""]:
        s = line.strip()
        if s.startswith("%") and not s.startswith("%@") and set(s) - set("%-"):
            current.append(s.lstrip("%").strip())
        elif current:
            blocks.append(_norm(" ".join(current)))
            current = []
    for block in blocks:
        for m in re.finditer(r'"([^"]+)"', block):
            if len(m.group(1)) >= 15 and ".md" not in block[max(0, m.start() - 40): m.end() + 40]:
                yield m.group(1)


def test_every_passage_an_lp_file_quotes_is_in_provisions_yaml():
    """One store of each quoted text: a quote in an .lp comment is (a part of) the text
    that explanations cite, in provisions.yaml of a draft whose program has the file."""
    texts: dict[str, list[str]] = {}
    for d in drafts.available():
        cited = [_norm(p.text).lower() for p in drafts.provisions(d).values()]
        for f in {s.file for s in drafts.statements(d)}:
            texts.setdefault(f, []).extend(cited)
    bad = []
    for f, cited in sorted(texts.items()):
        every = " || ".join(cited)
        for quote in _comment_quotes((logic_root() / f).read_text(encoding="utf-8")):
            parts = [p.strip(" ,;.") for p in re.split(r"\.\.\.|\[\.\.\.\]|\u2026", quote)]
            if not all(p.lower() in every for p in parts if len(p) > 3):
                bad.append(f"{f}: {quote[:80]}")
    assert not bad, "quoted in logic/ but not in provisions.yaml:\n" + "\n".join(bad)
