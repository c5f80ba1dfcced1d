"""docs/exploration.md, regenerated from fresh runs of `explore`:

    python -m aiact_foss.explore.docpage docs/exploration.md

The prose around the listings is fixed text (what the method computes, and what each
comparison shows); the listings between the `<!-- explore A B -->` markers are the
command's own text output, so a test can check that they are current."""

from __future__ import annotations

import sys

from aiact_foss.explore import explore, report
from aiact_foss.explore.search import Goal

K = 2
PAIRS = (("ep-2023-03-23", "letter-2023-04"), ("ep-2023-03-23", "ep-2023-06-14"), ("ep-2023-03-23", "aia-2024"))

INTRO = """\
# Exploring the drafts: where they disagree

`aiact-foss explore` lets the solver choose the scenario. Given two drafts, it searches
every scenario of a bounded space for one on which they disagree, re-solves it with
the ordinary solver, describes the *class* of scenarios that disagree in the same way,
sets that class aside, and searches again, until no disagreement is left ("space
exhausted") or the time is up (`--timeout`). This page records the classes it finds
between the 23 March 2023 text and the three texts that followed it.

## What is searched

The bound (outputs.md, "explore"), for `--max-components K` (default 2): at most K
components and K actors; at most one release per component; every built-in licence plus
one custom licence per use-restriction class (`custom-safety`, `custom-non_commercial`,
`custom-research_only`, `custom-user_scale`, `custom-field_of_use`); training compute
null, 10^22, 10^25 or 2·10^25 FLOP; checkpoints 1 or 2; every value of every other
field. Each field's place in the space is declared in `logic/language.yaml` (its
`explore` key: varied, with the values above, or fixed with the reason why: ids, a
release's component, the terms of custom licences beyond the restriction classes, the
Art 5(1)(ba) and (bb) facts that only `aia-2026` reads, and the fields read only with an
as-of date, which `--as-of` varies: "As of a date" below); a test checks that every field
is one or the other. "Space exhausted" speaks of the varied fields only. Two kinds of
scenario are left out, and neither hides a disagreement:

- `unknown` values: an unknown field's outcomes are the union of the outcomes of its
  values, so whatever differs with an unknown also differs with one of its values;
- the two contradictions the language names (a `paid_download` with `price: false`, and
  `price_only_between_microenterprises` on a release by an actor that is not a
  microenterprise): every draft reports them `inconsistent`, so they never disagree.

## What "disagree" means, and why the answer is exact

Two drafts disagree on a conclusion when it is in the `always` set of one and not the
other, or in the possible set (`always` plus `sometimes`) of one and not the other; in
other words when its standing (always, sometimes, never) differs. Standings quantify
over the readings of the open questions, so "c is never concluded by A" is a statement
about every reading. The search handles this by refinement:

1. Both drafts' programs sit in one clingo control, every derived predicate renamed
   apart (`_g0n1_exempt`), the scenario's facts shared. Each draft appears as a few
   copies that choose their own readings, plus copies with a fixed reading.
2. A conclusion is "with" in a draft when some copy derives it and "without" when some
   copy does not. Every copy is one real reading, so both are sound and `sometimes`
   is exact; `always` and `never` may be optimistic while the copies miss a reading.
3. The solver proposes the scenario with the fewest fields away from their defaults
   (each actor and component counts one) on which the copies disagree. Python re-solves
   it with the ordinary solver. A claim that fails names a reading the copies missed;
   that reading becomes one more fixed copy, sound for every scenario, and the search
   resumes. Each draft has finitely many readings, so this ends, and every difference
   reported below was confirmed by the ordinary solver.

## What a class is

A class starts from its witness and the first confirmed difference there; its
*subject* is the ids that difference names. A field of the witness *decides* the
class when changing that field alone (to any other value the space allows) can end
every difference about the subject; the class is the conjunction of the values under
which the disagreement survives. It is a local description around the witness: a
difference that holds under "placed on the market **or** put into service" shows as two
classes. Ids are renamed to variables when a class is set aside, so the same class with
`c1` and `c2` swapped is not found again. "space exhausted" therefore means: every
scenario of the space on which the drafts disagree about some ids has the deciding
values of a listed class for those ids.

A witness is chosen in three steps: the fewest fields away from their defaults (each
actor and component counting one); then, among those, the values that come first in each
domain's order (`order` in `logic/language.yaml`: a large enterprise, a model, an open
repository, ...); then, among the scenarios that differ only in the names of their
components and actors, the one whose scenario text sorts first (so where a system and a
model could each be `c1`, the system is: `ai_system` sorts before `model`). The last step
makes a witness independent of which renaming the search met first. Where two equally
small scenarios that are not renamings of each other tie, the solver's search picks one:
the same one on every run of a version (the output is byte-identical), but a change to
the search or to the law may pick the other.

Each listing below is the command's own output. With `--out DIR` the witnesses are
written as `witness-001.yaml`, ... with an `expect:` block that records each difference
in each draft's standing; `aiact-foss check DIR` re-solves them.
"""

NOTES = {
    ("ep-2023-03-23", "letter-2023-04"): """\
The open letter asked for one clause to be struck: "This exemption should not apply to
fundamental general purpose AI models as described in Art 28b". The search finds that
this is the only thing that changes: a single class, the general-purpose /
foundation-model class. Its deciding values are exactly the March text's definition of
a foundation model (a model, general-purpose, trained on broad data at scale), a
licence that can pass the free and open-source test (anything but none and
`proprietary`) and a release (Art 2(5) speaks of components "provided under" such
licences). The March text never exempts such a model; the letter's text does (at the
witness in every reading; with a monetisation indicator, in the readings where
monetisation does not defeat the exemption), and with the exemption go the Art 28b
duties and the registration that the letter counted. Whether the model is on the market
at all is an open question in both texts (`open_release_is_placing_on_market`), which is
why the duties are `sometimes` on one side and `never` on the other.""",
    ("ep-2023-03-23", "ep-2023-06-14"): """\
Between the co-rapporteurs' March text and the Parliament's June position the search
finds two kinds of disagreement. The June text adds a research exemption (Art 2(5d)):
a component developed for research only and not released is out of scope. And the
value-chain duty of a free and open-source supplier whose component another provider
integrates into a high-risk system changes: the March text lifts it outright (Art
28(2) as the letter quotes it), the June text leaves it to the open question
`foss_supplier_value_chain_duty` (Art 28(2a) against recital 12c). That class shows
twice, once with the system placed on the market and once with it put into service.""",
    ("ep-2023-03-23", "aia-2024"): """\
The final act differs from the March text on many points, and the search lists them
with small witnesses: general-purpose AI models and their Art 53 duties (unknown to the
March text, which regulates foundation models instead); the research exemptions of Art
2(6) and 2(8), with the open question `public_research_release_is_research_only` for a
research system placed on the market; the reach of the `foss` test (the March text
applies it to every component, the final act to AI systems, general-purpose models and
components of high-risk systems); the monetisation indicators (optional paid support
and related paid services are an open question in the final act, a platform monetises
only together with related paid services); the value-chain duty of Art 25(4), which
the final act lifts only for components made accessible to the public under a free
licence and which the research exemption can remove; and the carve-back, which in the
March text reaches a free component integrated "as part of" a high-risk, prohibited or
transparency system, and in the final act only systems placed on the market "as" such
systems (Art 2(12)). Classes come in pairs where the law says "or" (placed on the
market or put into service), and the monetisation classes come again for a price
charged only between microenterprises, because a class is a conjunction of values.""",
}


DATED = ("aia-2024", "aia-2026", "2026-12-02", 1)  # drafts, as-of date, K of the dated listing

DATED_NOTE = """\
## As of a date

`--as-of YYYY-MM-DD` asks every scenario of the space on that date (explore reads no
scenario file, so the option is the only date) and varies the fields the law reads only
with an as-of date (`reads: as_of` in `logic/language.yaml`): `public_authority_use` and
`annex_x_component` of a system, the classification route (`high_risk_route`, Annex I or Annex III) of a high-risk
system, and the first placing (`first_placed`) of every model and system. A first placing
is never varied per day: it takes one date per period between the cut-off dates that
`logic/common/time.lp` declares for its kind (`cutoff/2`: 2 August 2025 for a model; 2
August 2026, 2 December 2027 and 2 August 2028 for a system, and 2 August 2027 for the
`annex_x_component` the space varies), among the periods that start on or before the
as-of date. The date a witness gives is the cut-off that starts
its period, or for the period before the first cut-off the day before it (the as-of date
if that is earlier); a class lists the period (`components[0].first_placed = 2026-08-02
to 2027-08-01`). An absent date is left out for the reason `unknown` is: with an as-of
date it is an unknown over the same periods. Witnesses carry the as-of date (`as_of:`)
and real dates, and `solve` and `check` read them as any scenario. Without `--as-of`
nothing of this is in the space, and the listings above are unchanged.

The amended Act moved the Chapter III dates. Asked on 2 December 2026 with one
component, the search finds that move for a high-risk system placed on the market (and,
again, put into service) since 2 August 2026. At the witness, an Annex I system, its
high-risk duties apply from 2 August 2027 under `aia-2024`, and under `aia-2026` from 2
August 2028, or not at all in the reading where the amended Art 111(2) grandfathers it
(`chapter_iii_date_is_route_date`); the route does not decide the class (an Annex III
system's dates move too), but that the system is not an Annex X component does: one
placed before 2 August 2027 has its duties from 31 December 2030 in both texts (Art 111(1)).
"""

OUTRO = """
## Growth with the bound

CPU seconds of the one process (`/usr/bin/time`, user time), on a two-core machine shared
with other jobs (wall time was two to four times as long), for

```console
$ aiact-foss explore --drafts A,B --max-components K --format json
```

before and after the witness's neighbours were solved together (below):

| A vs B | K | before | after | classes | end |
|---|---|---|---|---|---|
| ep-2023-03-23 vs letter-2023-04 | 1 | 5.8 s | 5.2 s | 1 | space exhausted |
| ep-2023-03-23 vs letter-2023-04 | 2 | 15.3 s | 16.9 s | 1 | space exhausted |
| ep-2023-03-23 vs letter-2023-04 | 3 | not exhausted after 200 s | not exhausted after 172 s (22 solves; 900 s wall) | 1 | time limit |
| ep-2023-03-23 vs aia-2024 | 1 | 15.9 s | 8.6 s | 11 | space exhausted |
| ep-2023-03-23 vs aia-2024 | 2 | 74.0 s | 42.9 s | 17 | space exhausted |

On a quiet machine (load about 1; docs/benchmarks.md, `python benchmarks/run.py`:
`aiact-foss explore --drafts A,B --max-components K --timeout 600 --format json`) the
letter's K = 3 **exhausts the space**: 212 s wall and CPU, 1 class; the final act's K = 2
takes 33 s. The loaded runs above are kept to compare before and after.

Where the time goes differs with the pair. For the letter (one class) it is the search:
at K = 2, 22 solves and 20 learned readings; each solve proves its candidate the cheapest
over two guessed and up to 20 reading copies of each draft, and grounds them afresh. At K
= 3 the same class is found within a few seconds, after which each solve takes 15-30 s
and more (the solver must show that no scenario of three components has a disagreement
the class does not cover). For the final act (seventeen classes) two thirds of the run
was re-solving, with the ordinary solver, the scenarios one field away from each witness
that tell which fields decide its class; these are now solved together in batch's
tagged programs (`engine/batch_solve.py`), with the same results. Tried and not kept:
breaking the symmetry of component and actor ids, and core-guided optimisation (neither
shortened the solves); learning, with each refuted reading, one reading per distinct
outcome of the refuting scenario (half the solves at K = 2 for the letter, but not the
last, long ones at K = 3, and a different order of equally cheap candidates, so other
witnesses). `benchmarks/run.py` measures the same commands (the `explore` rows of
docs/benchmarks.md).

## Going further

```console
$ aiact-foss explore --drafts ep-2023-03-23,letter-2023-04 --out witnesses/letter
$ aiact-foss check witnesses/letter          # each witness re-solved against its expect: block
$ aiact-foss explore --drafts ep-2023-03-23,aia-2024 --conclusion exempt --format json
$ aiact-foss explore --property monotone:ep-2023-03-23,letter-2023-04,exempt
$ aiact-foss explore --drafts ep-2023-03-23,letter-2023-04 --max-components 3 --timeout 600
$ aiact-foss explore --drafts aia-2024,aia-2026 --as-of 2026-12-02 --out witnesses/dated
```

- `--conclusion PATTERN` counts only disagreements on matching conclusions.
- `--property P` searches the same space for violations of a property (docs/testing.md,
  "Property files"); each class is a violated constraint with its deciding values, and
  the exit code is 1 when there is one. `monotone:ep-2023-03-23,letter-2023-04,exempt`
  ends with "space exhausted" and no class: within the bound, whatever the March text
  may exempt, the letter's text may exempt too. A property may read the scenario's
  facts: `:- licence(X, "CC-BY-NC-4.0"), kind(X, model), possible(D, foss(X)).` gives
  one class (a model under CC-BY-NC-4.0: foss in the 2023 drafts' reading that answers
  `other_restrictions_are_foss` true); with `holds` in place of `possible`, none.
- A larger bound costs time: see "Growth with the bound" below. Use `--timeout` for
  K = 3: what was found is listed and marked partial.
- `--timeout SEC` stops the search; the classes found so far are listed, each confirmed,
  stderr ends with `stopped: time limit of SEC s reached (N classes found in M solves; the
  space is not exhausted)` instead of `space exhausted`, the JSON has `"complete": false`
  and that `"reason"`, and the exit status is 3. Without `--timeout` the limit is 600 s;
  `--max-memory MB` (default 4096) bounds memory the same way.
- `--out DIR` must be a new or empty folder, so witnesses of two runs never mix; with
  `--force` an existing folder is used and its witness files from an earlier run that
  this one does not write are removed. Each witness file is written whole.
"""


def section(a: str, b: str, as_of: str | None = None, k: int = K) -> str:
    """The listing for one pair: the command and its text output."""
    run = explore(Goal((a, b)), k=k, as_of=as_of)
    text = report.render_text(run, None, None)
    options = (f" --as-of {as_of}" if as_of else "") + (f" --max-components {k}" if k != K else "")
    marker = f"{a} {b}" + (f" {as_of}" if as_of else "")
    return (f"<!-- explore {marker} -->\n```console\n$ aiact-foss explore --drafts {a},{b}{options}\n"
            f"{text}{run.end}\n```\n<!-- end -->\n")


def page() -> str:
    out = [INTRO]
    for a, b in PAIRS:
        out.append(f"\n## {a} against {b}\n\n{NOTES[(a, b)]}\n\n{section(a, b)}")
    a, b, as_of, k = DATED
    out.append(f"\n{DATED_NOTE}\n{section(a, b, as_of, k)}")
    out.append(OUTRO)
    return "".join(out)


def main(argv: list[str]) -> None:
    text = page()
    if len(argv) > 1:
        with open(argv[1], "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
