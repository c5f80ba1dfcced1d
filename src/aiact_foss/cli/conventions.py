"""Command-line conventions, applied to every command once all are registered: metavars
in words (SCENARIO, DRAFT[,DRAFT...], QUESTION=VALUE) instead of Python types, command
summaries in full, and an example at the end of each command's help. A new option or
command gets a word here (tests/test_cli_conventions.py fails until it has one)."""

from __future__ import annotations

from typing import Any

# parameter name (the Python one) -> its metavar
METAVARS: dict[str, str] = {
    "scenario": "SCENARIO",
    "paths": "PATH",
    "input": "INPUT",
    "draft": "DRAFT[,DRAFT...]",
    "drafts": "DRAFT[,DRAFT...]",
    "assume": "QUESTION=VALUE",
    "reading": "READING",
    "max_outcomes": "N",
    "fmt": "FORMAT",
    "workers": "N",
    "out": "PATH",
    "executor": "EXECUTOR",
    "prop": "PROPERTY",
    "examples": "N",
    "seed": "N",
    "max_components": "K",
    "conclusion": "CONCLUSION",
    "timeout": "SECONDS",
    "max_memory": "MB",
    "outcome": "N",
    "as_of": "DATE",
    "sets": "PATH=VALUE",
    "alternative": "N",
    "label": "LABEL",
    "port": "PORT",
    "host": "ADDRESS",
    "max_bytes": "BYTES",
}

SAMPLE = "scenarios/examples/open-model-on-repository.yaml"

# command -> an example that runs from the repository's root
EXAMPLES: dict[str, str] = {
    "solve": f"aiact-foss solve {SAMPLE} --draft aia-2024",
    "check": "aiact-foss check scenarios/",
    "facts": f"aiact-foss facts {SAMPLE} --draft aia-2024 --with-rules | clingo - 0",
    "drafts": "aiact-foss drafts --coverage scenarios/",
    "questions": "aiact-foss questions --format json",
    "schema": "aiact-foss schema > scenario.schema.json",
    "batch": "aiact-foss batch scenarios.jsonl --draft aia-2024 --workers 2 --out results.jsonl",
    "fuzz": "aiact-foss fuzz --property consistent --examples 50 --seed 1",
    "explore": "aiact-foss explore --drafts ep-2023-06-14,aia-2024 --conclusion exempt --max-components 1",
    "explain": f"aiact-foss explain {SAMPLE} --draft aia-2024 --conclusion 'lifted(lab, lab-7b, technical_documentation)'",
    "report": f"aiact-foss report {SAMPLE} --out memo.html",
    "diff": "aiact-foss diff scenarios/drafts/pythia-open-letter-reading.yaml --drafts ep-2023-03-23,letter-2023-04",
    "provision": "aiact-foss provision art2_12 --draft aia-2024",
    "serve": "aiact-foss serve --port 8765",
}


def metavar(param: Any) -> str:
    """The word for a parameter: from the table, else its option name in capitals."""
    if param.name in METAVARS:
        return METAVARS[param.name]
    opts = [o for o in param.opts if o.startswith("--")]
    return str(opts[0][2:] if opts else param.name).upper().replace("_", "-")


def _argument_words(param: Any, word: str) -> None:
    # typer shows an argument as `{name}` in the usage line and `name <type>` in the list;
    # both become the word (PATH... for a list).
    many = param.nargs != 1
    shown = word + ("..." if many else "")
    usage = shown if param.required else f"[{shown}]"
    param._usage_display_name = lambda: usage
    param._rich_display_name = lambda: shown
    param.display_type_rich = lambda ctx: ""


def apply(group: Any) -> None:
    """Give every command of the click group the conventions above."""
    for name, command in group.commands.items():
        summary = (command.help or "").strip().split("\n\n")[0]
        command.short_help = " ".join(summary.split())  # the whole sentence, wrapped, not cut
        if name in EXAMPLES:
            command.epilog = f"Example:\n\n\b\n  {EXAMPLES[name]}"
        for param in command.params:
            if getattr(param, "is_flag", False) or param.name in ("help",):
                continue
            word = metavar(param)
            if param.param_type_name == "argument":
                _argument_words(param, word)
            else:
                param.metavar = word
