"""Every key of the machine outputs (`solve --format json`, `diff --format json`), with
its meaning: the declaration docs/results.md is generated from. tests/test_reference.py
walks real outputs and fails when a key appears that is not declared here, or a declared
key never appears."""

from __future__ import annotations

# key path ([] marks a list's items) -> what it means
SOLVE_KEYS: dict[str, str] = {
    "scenario": "the scenario's `name`",
    "results": "one result per draft asked for, in the order of the drafts table",
    "results[].draft": "the draft's id",
    "results[].status": "`determinate` (exactly one outcome), `ambiguous` (several) or `inconsistent` "
                        "(the facts contradict each other: no outcome)",
    "results[].pinned": "the open questions pinned by `assume:`, `--assume` or `--reading` that this draft "
                        "raises for this scenario, id to answer; pinned questions are not alternatives",
    "results[].always": "the conclusions that hold in every outcome",
    "results[].sometimes": "the conclusions that hold in at least one outcome but not in all",
    "results[].outcomes": "the outcomes, distinct in their conclusions, sorted by their conclusion lists",
    "results[].outcomes[].conclusions": "every conclusion of this outcome, sorted by predicate then arguments",
    "results[].outcomes[].questions": "with a single alternative: the answers to the branched open questions "
                                      "that lead to this outcome (the questions left out do not matter)",
    "results[].outcomes[].unknowns": "with a single alternative: the completions of `unknown` facts that lead "
                                     "to this outcome",
    "results[].outcomes[].because": "with several alternatives: each one, `{questions, unknowns}`; together "
                                    "they cover exactly the readings that lead to this outcome",
    "results[].outcomes[].because[].questions": "the answers to open questions of this alternative",
    "results[].outcomes[].because[].unknowns": "the completions of unknown facts of this alternative",
    "results[].outcomes[].more_alternatives": "how many alternatives were left out after the first 32",
    "results[].more_outcomes": "how many outcomes were left out after `--max-outcomes`: an integer, or "
                               "`\"more than N\"` when counting stopped at 100,000 ([bounds](bounds.md)); "
                               "status, always and sometimes stay exact",
    "results[].conflict": "with status inconsistent: a subset-minimal list of the facts that cannot hold "
                          "together, sorted by path",
    "conclusion.predicate": "a conclusion's predicate (the [glossary](glossary.md))",
    "conclusion.args": "its arguments: ids as in the scenario, duty ids, counts as JSON numbers",
    "unknown.path": "the path of a fact stated `unknown` (`releases[0].paid_support`), list indexes in the "
                    "order of the input file",
    "unknown.value": "the value it is completed with, in the field's own type (`true`, `\"required\"`)",
}

DIFF_KEYS: dict[str, str] = {
    "scenario": "the scenario's `name`",
    "conclusion.predicate": SOLVE_KEYS["conclusion.predicate"],
    "conclusion.args": SOLVE_KEYS["conclusion.args"],
    "pairs": "every unordered pair of the drafts asked for, in the order of the drafts table",
    "pairs[].a": "the first draft of the pair",
    "pairs[].b": "the second draft of the pair",
    "pairs[].differences": "every conclusion whose standing differs, sorted by conclusion",
    "pairs[].differences[].conclusion": "the conclusion, `{predicate, args}`",
    "pairs[].differences[].a": "its standing in draft a: `always`, `sometimes` or `never`",
    "pairs[].differences[].b": "its standing in draft b",
    "pairs[].differences[].provisions": "the provisions responsible: labels the other draft lacks or strikes, "
                                        "from the derivation where it holds and the why-not where it does not",
    "pairs[].differences[].provisions[].draft": "the draft the label belongs to",
    "pairs[].differences[].provisions[].label": "the provision label in logic/",
    "pairs[].differences[].provisions[].ref": "the provision it encodes (`Art 2(5), last sentence`)",
    "pairs[].differences[].provisions[].role": "`supports` or `defeats` the conclusion",
}

# The objects that recur inside other keys, and where: their keys are listed once above.
CONCLUSION_LISTS = ("results[].always", "results[].sometimes", "results[].outcomes[].conclusions")
UNKNOWN_LISTS = ("results[].outcomes[].unknowns", "results[].outcomes[].because[].unknowns",
                 "results[].conflict")


def key_paths(doc: object, prefix: str = "") -> set[str]:
    """The key paths of a document, with recurring objects named as above."""
    out: set[str] = set()
    if isinstance(doc, dict):
        if prefix == "pairs[].differences[].conclusion":
            return {f"conclusion.{k}" for k in doc}
        for k, v in doc.items():
            path = f"{prefix}.{k}" if prefix else str(k)
            out.add(path)
            out |= key_paths(v, path)
    elif isinstance(doc, list):
        if prefix in CONCLUSION_LISTS:
            return out | {f"conclusion.{k}" for item in doc if isinstance(item, dict) for k in item}
        if prefix in UNKNOWN_LISTS:
            return out | {f"unknown.{k}" for item in doc if isinstance(item, dict) for k in item}
        for item in doc:
            out |= key_paths(item, prefix + "[]")
    return out


# Declared and emitted (engine/results.py), but only past 32 alternatives of one outcome,
# which no scenario of the casebook reaches.
RARE = frozenset({"results[].outcomes[].more_alternatives"})


def declared_paths(doc: object) -> set[str]:
    """key_paths, where a dict whose keys are data (question ids) counts as one key."""
    found = key_paths(doc)
    data_maps = ("results[].pinned", "results[].outcomes[].questions", "results[].outcomes[].because[].questions")
    return {p for p in found if not any(p.startswith(m + ".") for m in data_maps)}
