"""Shared test setup: the hypothesis `ci` profile (bounded, no deadline, no example
database, derandomized) is the default, so a run is repeatable everywhere;
HYPOTHESIS_PROFILE=dev explores with fresh random examples."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", max_examples=40, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# `pytest -m "not slow"`: a representative subset in under a minute on two cores (the
# README names it). A test that takes more than a few seconds is marked slow: here by its
# module or its name (so that the list is in one place), or with @pytest.mark.slow.
SLOW_MODULES = {
    "test_wheel.py",  # builds the sdist and the wheel, installs into a fresh venv
    "test_casebook.py", "test_coverage.py",  # the whole casebook
    "test_properties_of_the_law.py", "test_against_plain_clingo.py",  # generated scenarios
    "test_explore.py", "test_dask.py", "test_explain_exports.py", "test_workbench.py",
}
SLOW_TESTS = {
    "test_outcomes_and_alternatives_agree_with_brute_force",
    "test_each_line_is_what_solve_prints", "test_contradictions_readings_and_pins_do_not_leak_between_lines",
    "test_output_is_byte_identical_for_any_number_of_workers", "test_the_casebook_in_one_batch_equals_solve",
    "test_fuzz_prints_a_shrunk_runnable_counterexample", "test_shrinking_goes_to_small_readable_scenarios",
    "test_find_violation_is_deterministic_and_shrinks", "test_generation_reaches_every_kind_hostile_ids_unknowns_and_integrations",
    "test_the_casebook_collects", "test_standings_differ_and_provisions_exist_in_their_draft",
    "test_every_atom_built_is_in_the_declared_vocabulary",
}


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        if item.path.name in SLOW_MODULES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
