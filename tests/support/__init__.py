"""Helpers shared by the tests: waiting, keys, seed data, the terminal and snapshot runs.

Test modules import helpers from here (or take conftest fixtures), never from one
another: a `test_*.py` module holds tests, and its helpers are not an API.
"""
