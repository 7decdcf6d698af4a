"""Test-wide settings: property tests draw the same examples on every run and machine."""

from hypothesis import settings

settings.register_profile("queuesim", derandomize=True, database=None)
settings.load_profile("queuesim")
