"""Limits of a simulation that the CLI shows in its help, apart from the runtime so that building
the CLI's parser imports none of it."""

DEFAULT_MAX_RUNS = 100_000  # `simulate --enumerate` refuses more script runs than this
