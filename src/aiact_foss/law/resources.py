"""Where the law is: logic/ ships inside the package (`aiact_foss/logic`, a link to the
project's logic/ folder in a source checkout) and is found through importlib.resources."""

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any


@cache
def logic_root() -> Traversable:
    root = resources.files("aiact_foss") / "logic"
    if not root.is_dir():  # pragma: no cover - a broken install
        raise RuntimeError("aiact_foss/logic is missing from this installation")
    return root


def read_yaml(text: str) -> Any:
    """One of the law's own YAML files (trusted, plain YAML): libyaml where it is built in,
    ~10x faster than the pure-Python parser, which gives the same data on these files.
    User input goes through language/loading.py, which has its own reader."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
