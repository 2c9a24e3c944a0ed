"""Write each case file's full output beside it as `<case>.snap`, and each README output block's
command output into the block, after you have reviewed a change of wording or column:
`python tools/update_snapshots.py` (from the repository's root, with the project installed). The
test suite only compares; it never writes a snapshot, so no setting of the environment can make a
snapshot test pass by updating it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_cases import CASE_FILES, snapshot_of  # noqa: E402
from test_readme import OUTPUT_BLOCK, output_of  # noqa: E402


def main() -> int:
    changed = 0
    for case in CASE_FILES:
        snapshot = case.with_suffix(".snap")
        output = snapshot_of(case)
        if not snapshot.is_file() or snapshot.read_text(encoding="utf-8") != output:
            snapshot.write_text(output, encoding="utf-8")
            print(f"updated {snapshot.relative_to(ROOT)}")
            changed += 1
    print(f"{changed} snapshot(s) updated, {len(CASE_FILES)} case files")
    readme_path = ROOT / "README.md"
    readme = updated = readme_path.read_text(encoding="utf-8")
    for command, shown in OUTPUT_BLOCK.findall(readme):
        start = f"<!-- begin output: {command} -->\n```text\n"
        updated = updated.replace(start + shown + "```", start + output_of(command).stdout + "```", 1)
    if updated != readme:
        readme_path.write_text(updated, encoding="utf-8")
        print("updated the README's output blocks")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
