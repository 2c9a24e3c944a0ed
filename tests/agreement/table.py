"""Print the linter-vs-runtime agreement table (markdown) for the oracle releases.

    python -m tests.agreement.table              # from the repository root: Streamlit run now
    python -m tests.agreement.table --recorded   # the recorded releases (tests/oracle/recorded/)
    python tests/agreement/table.py

Builds the oracle virtualenvs on first use, like the oracle tests (see tests/oracle/venvs.py);
`--recorded` needs no Streamlit.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The tests folder holds the `oracle` and `agreement` packages, as pytest imports them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from oracle.recorded import recorded_versions  # noqa: E402

from agreement.compare import observe_all, observe_recorded, table  # noqa: E402


def main(argv: list[str]) -> int:
    if "--recorded" in argv:
        versions = recorded_versions()
        observations = observe_recorded(versions)
        print(table(observations, versions), end="")
    else:
        observations = observe_all()
        print(table(observations), end="")
    return 0 if all(seen.agrees for seen in observations.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
