"""docs/benchmarks.md from one run of benchmarks/run.py."""

from __future__ import annotations

import time

NOTES = """\
## Reading the numbers

- **What the naive loop costs.** Its row splits a program's time into parsing the
  draft's rules with the scenario's facts, grounding, and enumerating every answer set
  with `str()` of every shown symbol. Parsing and grounding the law afresh dominate; the
  answer sets are few (the generated scenarios raise few open questions each), so the
  enumeration is the smaller part.
- **How `batch` answers.** Drafts are parsed and tagged once per process (workers are
  forked after). A chunk of 32 lines is ground together, per draft, in one program where
  every atom carries the scenario's number (src/aiact_foss/batch_program.py); the
  scenarios' facts reach the grounder as clingo symbols through a grounding context,
  built once for all drafts, never printed and parsed again. Two searches (brave
  and cautious consequences, read from their last model only) settle every determinate
  result. An ambiguous one has its readings enumerated in the same program with only its
  scenario switched on; each model is read with one call (its cost vector carries the
  literals of the varying conclusions and of the variables as bit masks,
  src/aiact_foss/model_bits.py), and the table becomes outcomes and alternatives through
  `solving.table_result`, the code `solve` runs. Inconsistent scenarios (for the minimal
  conflict) and those with more than 512 readings are solved alone by `solve`.
- **Where `batch`'s time goes** is measured in-process on the same lines (rows "where
  batch's time goes"). The clingo row is every call into clingo: grounding the tagged
  programs and all the searches, the work the floor does too. The rest is Python: reading
  and validating JSON, building facts, the tables of readings and their decision trees
  (alternatives), and rendering the `solve` document, which lists every outcome with its
  conclusions and alternatives (tens of kilobytes for a typical ambiguous line).
- **Why batch misses 3.5x the naive loop.** The row "naive loop / batch's
  time in clingo" is the most `batch --workers 1` could gain on the naive loop if all
  its Python (JSON in and out, facts, tables of readings, alternatives) took no time:
  grounding each scenario under the law, even in a shared program, and the searches
  cost a good part of the naive loop's whole per-program time on these small programs.
  The targets assumed a naive loop dominated by enumerating readings; here it is
  dominated by parsing and grounding (its row), which batch does once per chunk
  instead of once per program, but grounding cannot be avoided per scenario. And the
  document the contract asks for (always, sometimes, every outcome with its
  alternatives) is more than the naive loop computes. On the contradictory mix each
  inconsistent scenario is solved alone for its minimal conflict (about 25 small solves).
- **The floor** is clingo's own C++ `main` per program: parse, ground and enumerate the
  distinct outcomes (`--project=show`), nothing printed, no alternatives: the same
  logical work as batch (every scenario's outcomes under every draft), done the way
  clingo alone would do it. Read strictly, as raw clingo on batch's own tagged ground
  programs, the floor is batch's time inside clingo; the row "batch in-process / its own
  time in clingo" gives that ratio, and it is above 2x: the Python part is where
  batch's remaining time goes.
- **Workers** are forked after the drafts are parsed, and lines are stateless, so the
  speed-up from 1 to 2 workers is bounded by the cores free at the time: the row "2
  CPU-bound processes vs 1" measures, in the same run, how much more work two processes
  did per second than one (other jobs share this machine; a value above 2x means even
  the best of 3 single-process runs was slowed).
- **Unknowns.** k open models with `weights_public: unknown` have 2^k outcomes under the
  drafts that read openness. `solve` lists 256 and counts the rest without building
  them: the ground program splits into k independent parts, each solved alone, and the
  first 256 combinations are walked in the listing order (docs/bounds.md). The rows give
  CPU time (least of 3 runs), which moves far less with the machine's load than wall time.
- **Bounds.** Each row's target says what it measures; none is a limit of the design.
  "naive loop / batch's time in clingo" is the gain batch could reach if its Python took
  no time; "2 CPU-bound processes vs 1" what two workers can reach at that moment.
- **Growth.** With every question pinned, time per component stays roughly flat from
  1,000 to 10,000 components. With open questions, the number of readings (up to 2^q
  for q raised questions) multiplies the models to read, each over the whole ground
  program, and every outcome repeats all its conclusions in the output (64 MB for 1,000
  components): the 10,000-component run with open questions is left out.
"""


def _met(v) -> str:
    return "" if v is None else ("yes" if v else "**no**")


def render(rows: list, info: dict, commands: list, args: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/run.py` (architecture.md, \"Performance targets\"); do not edit by hand.",
        f"Run on {time.strftime('%Y-%m-%d')}, {info['minutes']:.1f} minutes, with "
        + ", ".join(f"--{k.replace('_', '-')} {v}" for k, v in sorted(args.items()) if k != "no_write") + ".",
        "",
        "## Machine",
        "",
        f"- CPU: {info['cpu']}, {info['cores']} cores; memory {info['memory']}",
        f"- {info['os']}; Python {info['python']}; clingo {info['clingo']}",
        "- load average (1, 5, 15 min) before: " + ", ".join(f"{x:.2f}" for x in info["load_before"])
        + "; after: " + ", ".join(f"{x:.2f}" for x in info["load_after"])
        + " (other jobs share this machine: absolute times are noisy, ratios less so)",
        "",
        "## Results",
        "",
        "| | measurement | result | target | met |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        name = r["name"] + (f" <br><small>{r['note']}</small>" if r["note"] else "")
        lines.append(f"| {r['section']} | {name} | {r['result']} | {r['target']} | {_met(r['met'])} |")
    missed = [r for r in rows if r["met"] is False]
    lines += ["", "Missed: " + ("; ".join(f"{r['name']} ({r['result']}, target {r['target']})" for r in missed)
                                if missed else "none") + ".", "", NOTES, "## Commands", ""]
    lines += [f"    {c}" for c in dict.fromkeys(commands)]
    lines += ["", "Peak memory is the larger of the biggest single process (its peak RSS, VmHWM, read every 50 ms)",
              "and the sum over the process tree (sampled every 50 ms); the generator is benchmarks/generate.py",
              "(seeded).", ""]
    return "\n".join(lines)
