"""STC001 syntax-error: the file cannot be parsed, so nothing in it was checked.

The engine reports it (CLI only: flake8 has E999 for the same thing).
"""

from lint_cache.diagnostics import ERROR

CODE = "STC001"
NAME = "syntax-error"
SUMMARY = "The file cannot be parsed"
SEVERITY = ERROR


FIX_THE_SYNTAX = "fix the syntax error so lint-cache can check it"
SPLIT_IT = "split the expression so lint-cache can check the file"
SPLIT_THE_FILE = "split the file so lint-cache can check it, or exclude it if it is generated"


def message(reason: str, remedy: str = FIX_THE_SYNTAX) -> str:
    return f"cannot parse the file: {reason}; {remedy}"
