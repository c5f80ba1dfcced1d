"""The package layout: old module paths still import (one release), as the same modules."""

import importlib
import warnings

import pytest

from aiact_foss import _moved


@pytest.mark.parametrize("old", sorted(_moved.MOVED))
def test_an_old_module_path_is_the_new_module_with_a_warning(old):
    new = importlib.import_module("aiact_foss." + _moved.MOVED[old])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import sys

        sys.modules.pop("aiact_foss." + old, None)
        got = importlib.import_module("aiact_foss." + old)
    assert got is new
    assert any(issubclass(w.category, DeprecationWarning) and _moved.MOVED[old] in str(w.message) for w in caught)


def test_unknown_names_are_not_invented():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("aiact_foss.no_such_module")
