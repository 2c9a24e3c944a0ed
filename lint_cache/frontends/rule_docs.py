"""The rule pages (`rules/STCnnn.md`), shipped in the wheel as `lint_cache/rule_pages`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Optional


def pages_folder() -> Path:
    packaged = resources.files("lint_cache") / "rule_pages"
    if packaged.is_dir():
        return Path(str(packaged))
    # An editable install or a source checkout: the pages sit beside the package.
    return Path(__file__).resolve().parents[2] / "rules"


def rule_page(code: str) -> Optional[str]:
    page = pages_folder() / f"{code.upper()}.md"
    return page.read_text(encoding="utf-8") if page.is_file() else None


def section(page: str, title: str) -> str:
    """The text of one `## title` section of a page, without its heading."""
    lines = page.splitlines()
    collected: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("## "):
            inside = line[3:].strip().rstrip("?").lower() == title.rstrip("?").lower()
            continue
        if inside:
            collected.append(line)
    return "\n".join(collected).strip()
