"""Measurements that run inside one Python process, each started fresh by run.py
(`python benchmarks/tasks.py TASK ARG...`, prints one JSON object), so that each has its
own memory peak and nothing warm from another measurement."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _scenarios_of(path: str) -> list:
    from aiact_foss.language.loading import parse_json_text
    from aiact_foss.language.validate import from_document

    with open(path, encoding="utf-8") as f:
        return [from_document(parse_json_text(line, path)) for line in f if line.strip()]


def programs(path: str, assume: dict) -> list[str]:
    """What `facts --draft D --with-rules` prints, for every scenario and draft: the
    command's own code (cli.facts), in-process, so that printing is not timed."""
    from aiact_foss.language import facts
    from aiact_foss.law import drafts, questions

    out = []
    for scn in _scenarios_of(path):
        for d in drafts.available():
            pins = questions.pins_for(d, scn.assume, None, assume)
            out.append(drafts.program_text(d) + "\n% the scenario's facts\n" + facts.program_text(facts.build(scn, pins)))
    return out


def naive(path: str, assume_json: str) -> dict:
    """architecture.md, "Performance targets": a fresh clingo.Control(["0"]) per scenario
    and draft, ground, enumerate every model, str() every shown symbol."""
    import clingo

    texts = programs(path, json.loads(assume_json))
    models = 0
    parse = ground = 0.0
    start = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        ctl = clingo.Control(["0"])
        ctl.add("base", [], text)
        t1 = time.perf_counter()
        ctl.ground([("base", [])])
        t2 = time.perf_counter()
        parse, ground = parse + t1 - t0, ground + t2 - t1
        with ctl.solve(yield_=True) as handle:
            for model in handle:
                models += 1
                for s in model.symbols(shown=True):
                    str(s)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "programs": len(texts), "models": models, "parse": parse, "ground": ground,
            "enumerate": seconds - parse - ground}


def floor(path: str, assume_json: str) -> dict:
    """clingo's own C++ main on each program file: parse, ground, enumerate the distinct
    outcomes (--project=show), print nothing. Python only calls clingo_main."""
    import clingo

    class App(clingo.Application):
        program_name = "clingo"

    texts = programs(path, json.loads(assume_json))
    tmp = tempfile.mkdtemp(prefix="aiact-floor-")
    files = []
    for k, text in enumerate(texts):
        f = os.path.join(tmp, f"p{k}.lp")
        with open(f, "w", encoding="utf-8") as h:
            h.write(text)
        files.append(f)
    start = time.perf_counter()
    for f in files:
        clingo.clingo_main(App(), [f, "--project=show", "--models=0", "--outf=3", "--warn=none"])
    seconds = time.perf_counter() - start
    shutil.rmtree(tmp)
    return {"seconds": seconds, "programs": len(files)}


def growth(path: str) -> dict:
    """Loading (read, parse, validate) timed apart from solving every draft and
    rendering the JSON document."""
    from aiact_foss import api
    from aiact_foss.engine.results import dumps
    from aiact_foss.language.validate import load_scenario

    start = time.perf_counter()
    scn, _ = load_scenario(path)
    loaded = time.perf_counter()
    doc = api.solve(scn, "all")
    text = dumps(doc, compact=True)
    solved = time.perf_counter()
    return {"load": loaded - start, "solve": solved - loaded, "components": len(scn.components),
            "statuses": [r["status"] for r in doc["results"]],
            "outcomes": [len(r["outcomes"]) for r in doc["results"]], "output_mb": len(text) / 1e6}


def models(path: str, draft: str) -> dict:
    """How many answer sets the naive loop would enumerate for one draft."""
    import clingo

    from aiact_foss.language import facts
    from aiact_foss.language.validate import load_scenario
    from aiact_foss.law import drafts, questions

    scn, _ = load_scenario(path)
    pins = questions.pins_for(draft, scn.assume, None, {})
    text = drafts.program_text(draft) + facts.program_text(facts.build(scn, pins))
    ctl = clingo.Control(["0", "--warn=none"])
    ctl.add("base", [], text)
    ctl.ground([("base", [])])
    start = time.perf_counter()
    n = 0
    with ctl.solve(yield_=True) as handle:
        for _ in handle:
            n += 1
    return {"models": n, "seconds": time.perf_counter() - start}


def phases(path: str) -> dict:
    """Where `batch --workers 1` spends its time, in-process on the same lines and chunks:
    each stage's functions are timed from outside (wrapped here, not in the package).
    "clingo" is every call into clingo that parses, grounds or searches (Control.add,
    ground, solve and the solve handle's resume/model/get/close): the work the floor
    also does, here on batch's own tagged programs."""
    import collections

    import clingo
    import clingo.solving

    from aiact_foss import batch
    from aiact_foss.engine import batch_solve
    from aiact_foss.language import facts, loading, validate
    from aiact_foss.law import drafts

    spent: collections.Counter = collections.Counter()

    def timed(owner, name: str, stage: str) -> None:
        real = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - start

        setattr(owner, name, wrapper)

    for name in ("add", "ground", "solve"):
        timed(clingo.Control, name, "clingo")
    for name in ("resume", "model", "get", "__exit__"):
        timed(clingo.solving.SolveHandle, name, "clingo")
    timed(loading, "parse_json_text", "read and validate the JSON line")
    timed(validate, "from_document", "read and validate the JSON line")
    timed(facts, "build", "build the facts (clingo symbols)")
    timed(batch_solve, "_render", "render the JSON result")

    opts = batch_solve.parse_options(drafts.available(), {}, None)
    start = time.perf_counter()
    batch_solve.warm(opts)
    warm = time.perf_counter() - start
    spent.clear()  # warm-up (parsing the drafts) is reported on its own
    with open(path, encoding="utf-8") as f:
        lines = [(n, text) for n, text in enumerate(f, 1) if text.strip()]
    start = time.perf_counter()
    for chunk in batch.chunks(lines):
        batch_solve.answer(chunk, opts)
    total = time.perf_counter() - start
    stages = dict(spent)
    stages["Python: tables of readings, alternatives, results"] = total - sum(spent.values())
    return {"warm": warm, "total": total, "results": len(lines) * len(opts.drafts), "stages": stages}


def diff_cost(path: str, pair: str) -> dict:
    """`diff --drafts A,B` against solving A and B, in-process and in CPU time, the
    drafts parsed before: what the solve commands do (api.solve, the JSON rendered) and
    what the diff command does (diffing.diff, the JSON rendered), each twice, interleaved,
    the least of each kept."""
    from aiact_foss import api
    from aiact_foss.engine import diffing
    from aiact_foss.engine.results import dumps
    from aiact_foss.explain.program import compile_draft
    from aiact_foss.language.validate import load_scenario

    scn, _ = load_scenario(path)
    ids = pair.split(",")
    for d in ids:
        compile_draft(d)
        diffing.lacks(d, d, "")  # each draft's rule texts, read once
    best = {"solve": float("inf"), "diff": float("inf")}
    differences = 0
    for _ in range(2):
        start = time.process_time()
        for d in ids:
            dumps(api.solve(scn, d))
        best["solve"] = min(best["solve"], time.process_time() - start)
        start = time.process_time()
        doc = diffing.diff(scn, ids)
        dumps(doc)
        best["diff"] = min(best["diff"], time.process_time() - start)
        differences = sum(len(p["differences"]) for p in doc["pairs"])
    return {**best, "differences": differences}


TASKS = {"naive": naive, "floor": floor, "growth": growth, "models": models, "phases": phases, "diff": diff_cost}

if __name__ == "__main__":
    task, *args = sys.argv[1:]
    print(json.dumps(TASKS[task](*args)))
