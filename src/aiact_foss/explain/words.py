"""A conclusion's sentence, from the same glosses as the explanation graphs (labels.py),
for outputs that print conclusions (`solve --explain-words`, the web workbench)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiact_foss.language.scenario import Scenario


def sentences(scn: Scenario) -> Callable[[dict[str, Any]], str]:
    """conclusion JSON ({"predicate", "args"}) -> its sentence, in the scenario's own ids."""
    from aiact_foss.engine.conclusions import Conclusion
    from aiact_foss.explain import to_symbol
    from aiact_foss.explain.labels import Labeller
    from aiact_foss.language import facts
    from aiact_foss.law import questions

    texts = {q.id: q.question for q in questions.questions().values()}
    labeller = Labeller(facts.build(scn), texts)

    def sentence(c: dict[str, Any]) -> str:
        return labeller.symbol(to_symbol(Conclusion(c["predicate"], tuple(c["args"]))))

    return sentence
