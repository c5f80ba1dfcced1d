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
