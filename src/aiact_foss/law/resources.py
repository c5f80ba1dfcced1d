"""Where the law is: logic/ ships inside the package (`aiact_foss/logic`, a link to the
project's logic/ folder in a source checkout) and is found through importlib.resources."""

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable


@cache
def logic_root() -> Traversable:
    root = resources.files("aiact_foss") / "logic"
    if not root.is_dir():  # pragma: no cover - a broken install
        raise RuntimeError("aiact_foss/logic is missing from this installation")
    return root
