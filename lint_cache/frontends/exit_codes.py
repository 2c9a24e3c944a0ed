"""Exit statuses of every lint-cache command, as ruff's."""

CLEAN = 0  # nothing found (check), the report was made (estimate, simulate)
FINDINGS = 1  # check found problems (or --diff would change a file)
ERROR = 2  # a usage error, a file that could not be linted, or an app that failed under simulate
INTERRUPTED = 130  # Ctrl-C, as a shell reports it
