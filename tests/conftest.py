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
    "test_report_memo.py",  # headless Chromium
}
SLOW_TESTS = {
    "test_outcomes_and_alternatives_agree_with_brute_force",
    "test_each_line_is_what_solve_prints", "test_contradictions_readings_and_pins_do_not_leak_between_lines",
    "test_output_is_byte_identical_for_any_number_of_workers", "test_the_casebook_in_one_batch_equals_solve",
    "test_fuzz_prints_a_shrunk_runnable_counterexample", "test_shrinking_goes_to_small_readable_scenarios",
    "test_find_violation_is_deterministic_and_shrinks", "test_generation_reaches_every_kind_hostile_ids_unknowns_and_integrations",
    "test_the_casebook_collects", "test_standings_differ_and_provisions_exist_in_their_draft",
    "test_every_atom_built_is_in_the_declared_vocabulary",
    # subprocess round trips, generated scenarios, headless Chromium (a few seconds each)
    "test_an_ambiguous_line_in_a_group_is_what_it_prints_alone_and_comes_from_the_group",
    "test_bad_lines_are_reported_with_their_numbers_and_the_rest_answered", "test_bad_options_exit_2_with_nothing_on_stdout",
    "test_every_valid_line_exits_0_and_an_empty_input_prints_nothing",
    "test_line_separators_inside_a_line_are_characters_not_line_breaks",
    "test_no_progress_on_stderr_when_it_is_not_a_terminal", "test_unreadable_lines_do_not_stop_the_batch",
    "test_output_does_not_depend_on_hash_seeds", "test_schema_drafts_questions",
    "test_solve_json_is_deterministic_and_stdin_equals_the_file", "test_short_help_option_and_completion",
    "test_the_command", "test_the_march_text_and_the_letter_differ_by_the_struck_clause",
    "test_diff_groups_by_conclusion_and_pair_with_counts", "test_an_absurd_compute_is_refused_by_every_command",
    "test_in_a_batch_only_the_absurd_line_is_an_error", "test_json_output_writes_numbers_exactly_never_as_floats",
    "test_every_always_conclusion_has_a_well_formed_graph", "test_generated_scenarios_explain_every_conclusion",
    "test_the_evaluator_derives_exactly_what_clingo_derives",
    "test_a_rule_in_logic_outside_the_subset_stops_every_command_with_one_line",
    "test_a_new_tri_release_field_is_one_row_one_model_field_and_one_rule", "test_ten_thousand_component_json_loads",
    "test_a_bad_scenario_file_is_one_failing_item", "test_a_failing_expectation_reads_like_check",
    "test_expectations_become_named_items", "test_a_nul_byte_is_refused_instead_of_truncating",
    "test_an_at_term_is_refused_instead_of_passing_vacuously", "test_fuzz_shrinks_to_a_minimal_witness",
    "test_fuzz_timeout_is_validated_and_bounds_the_search", "test_include_is_refused_before_clingo_reads_the_file",
    "test_the_documented_fuzz_session_is_what_fuzz_prints", "test_every_key_of_diff_is_declared_and_occurs",
    "test_fuzz_without_a_violation_and_with_bad_input", "test_generated_scenarios_are_valid_and_survive_yaml",
    "test_kinds_fixed_and_no_unknowns_are_honoured", "test_results_agree_with_solve",
    "test_the_documented_example_test_runs", "test_a_shown_output_is_what_the_command_prints",
    "test_conclusion_filters_diff_and_report", "test_set_is_the_same_as_editing_the_file",
}


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        if item.path.name in SLOW_MODULES or item.originalname in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
