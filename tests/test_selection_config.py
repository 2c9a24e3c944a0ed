"""Rule selection layered as ruff layers it, dedicated configuration files, `extend`, `--config`
errors, `--isolated`, `--show-settings` and `--show-files`, through the real `lint-cache` command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LEGACY_APP, SLIDER_APP

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")

ALLOW_WIDGETS_APP = """\
import streamlit as st


@st.cache_data(experimental_allow_widgets=True)
def load():
    return 1
"""


def check(*args, cwd):
    return subprocess.run(
        [LINT_CACHE, "check", "--no-cache", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def codes(result) -> list[str]:
    return sorted({line.split(": ")[1].split()[0] for line in result.stdout.splitlines() if ": STC" in line})


@pytest.fixture
def project(tmp_path):
    (tmp_path / "slider.py").write_text(SLIDER_APP)  # STC102
    (tmp_path / "legacy.py").write_text(LEGACY_APP)  # STC201
    (tmp_path / "opt_in.py").write_text(ALLOW_WIDGETS_APP)  # STC104 at 1.30
    return tmp_path


def test_command_line_ignore_keeps_the_configurations_ignores(project):
    (project / "pyproject.toml").write_text('[tool.lint-cache]\nignore = ["STC201"]\nstreamlit-version = "1.30"\n')
    assert codes(check(".", cwd=project)) == ["STC102", "STC104"]
    # The pre-commit `args: [--ignore, STC104]` case: STC201 stays ignored.
    assert codes(check(".", "--ignore", "STC104", cwd=project)) == ["STC102"]
    assert codes(check(".", "--extend-ignore", "STC104", cwd=project)) == ["STC102"]
    assert codes(check(".", "--extend-select", "STC201", cwd=project)) == ["STC102", "STC104", "STC201"]
    # --select starts again: the configuration's ignore does not reach past it.
    assert codes(check(".", "--select", "STC2", cwd=project)) == ["STC201"]
    assert codes(check(".", "--select", "STC1", "--ignore", "STC10", cwd=project)) == []


def test_more_specific_prefix_wins_within_a_layer(project):
    (project / "pyproject.toml").write_text('[tool.lint-cache]\nstreamlit-version = "1.30"\n')
    assert codes(check(".", "--select", "STC1", "--ignore", "STC10", "--extend-select", "STC102", cwd=project)) == [
        "STC102"
    ]


@pytest.mark.parametrize("name", ["lint-cache.toml", ".lint-cache.toml"])
def test_dedicated_files_hold_top_level_keys_and_win_over_pyproject(project, name):
    (project / "pyproject.toml").write_text('[tool.lint-cache]\nignore = ["STC102"]\n')
    (project / name).write_text('ignore = ["STC201"]\nstreamlit-version = "1.30"\n')
    assert codes(check(".", cwd=project)) == ["STC102", "STC104"]
    (project / name).write_text('colour = "red"\n')
    bad = check(".", cwd=project)
    assert bad.returncode == 2 and f"{project / name}: unknown key 'colour'" in bad.stderr


def test_extend_reads_the_base_first_and_overrides_it(tmp_path):
    (tmp_path / "base.toml").write_text(
        'ignore = ["STC201"]\nstreamlit-version = "1.30"\nexclude = ["generated"]\nmax-estimated-entries = 5\n'
    )
    app = tmp_path / "app"
    (app / "generated").mkdir(parents=True)
    (app / "generated" / "skip.py").write_text(SLIDER_APP)
    (app / "legacy.py").write_text(LEGACY_APP)
    (app / "opt_in.py").write_text(ALLOW_WIDGETS_APP)
    (app / "slider.py").write_text(SLIDER_APP)
    (app / "pyproject.toml").write_text('[tool.lint-cache]\nextend = "../base.toml"\nextend-ignore = ["STC104"]\n')
    result = check(".", cwd=app)
    # base: STC201 off, 1.30, `generated` excluded (relative to the base's folder: a name pattern);
    # the extending file adds STC104 to the ignores.
    assert codes(result) == ["STC102"], result.stdout + result.stderr
    assert "generated" not in result.stdout
    settings = check("slider.py", "--show-settings", cwd=app)
    assert settings.returncode == 0, settings.stderr
    assert f"# Configuration files: {app / 'pyproject.toml'}, {tmp_path / 'base.toml'} (each extends the next)" in (
        settings.stdout
    )
    assert "max-estimated-entries = 5" in settings.stdout


def test_extend_errors_are_clear(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.lint-cache]\nextend = "missing.toml"\n')
    (tmp_path / "app.py").write_text(SLIDER_APP)
    missing = check("app.py", cwd=tmp_path)
    assert (
        missing.returncode == 2
        and "extend: " in missing.stderr
        and "missing.toml: no such configuration file" in (missing.stderr)
    )
    (tmp_path / "pyproject.toml").write_text('[tool.lint-cache]\nextend = "other.toml"\n')
    (tmp_path / "other.toml").write_text('extend = "pyproject.toml"\n')
    cycle = check("app.py", cwd=tmp_path)
    assert cycle.returncode == 2 and "extend each other in a cycle" in cycle.stderr
    assert "Traceback" not in missing.stderr + cycle.stderr


def test_config_naming_a_missing_file_or_one_without_settings_is_an_error(project):
    missing = check(".", "--config", "nowhere.toml", cwd=project)
    assert missing.returncode == 2 and missing.stdout == ""
    assert "lint-cache: error: nowhere.toml: no such configuration file" in missing.stderr
    (project / "other.toml").write_text("[tool.black]\nline-length = 100\n")
    (project / "empty.toml").write_text("")
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    for name in ("other.toml", "empty.toml", "pyproject.toml"):
        unset = check(".", "--config", name, cwd=project)
        assert unset.returncode == 2 and unset.stdout == "", name
        assert "no lint-cache settings in it" in unset.stderr


def test_config_file_with_top_level_keys(project):
    (project / "ci.toml").write_text('select = ["STC2"]\n')
    assert codes(check(".", "--config", "ci.toml", cwd=project)) == ["STC201"]


def test_isolated_reads_no_configuration(project):
    (project / "pyproject.toml").write_text('[tool.lint-cache]\nselect = ["STC2"]\n')
    assert codes(check(".", cwd=project)) == ["STC201"]
    assert codes(check(".", "--isolated", "--streamlit-version", "1.30", cwd=project)) == [
        "STC102",
        "STC104",
        "STC201",
    ]
    both = check(".", "--isolated", "--config", "pyproject.toml", cwd=project)
    assert both.returncode == 2 and "--isolated" in both.stderr


def test_show_settings_names_the_files_the_release_and_the_rules(project):
    (project / "pyproject.toml").write_text(
        '[tool.lint-cache]\nstreamlit-version = "1.35"\nignore = ["STC2"]\n[tool.lint-cache.per-file-ignores]\n'
        '"slider.py" = ["STC102"]\n'
    )
    result = check("slider.py", "--show-settings", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"# Settings for {project / 'slider.py'}"
    assert lines[1] == f"# Configuration files: {project / 'pyproject.toml'}"
    assert lines[2] == "# lint-cache knows Streamlit 1.0–1.67"
    assert 'streamlit-version = "1.35"  # from the configuration' in lines
    select = next(line for line in lines if line.startswith("select = "))
    assert '"STC102"' in select and "STC201" not in select
    assert 'per-file-ignores = ["STC102"]  # for this file' in lines
    from_option = check("slider.py", "--show-settings", "--streamlit-version", "1.99", cwd=project)
    assert 'streamlit-version = "1.99"  # from --streamlit-version; Streamlit 1.99 is outside' in from_option.stdout


def test_show_files_lists_what_would_be_checked(project):
    (project / ".gitignore").write_text("legacy.py\n")
    (project / "notes.txt").write_text("not python\n")
    result = check(".", "--show-files", cwd=project)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [str(project / "opt_in.py"), str(project / "slider.py")]
    assert os.path.exists(project / "legacy.py")  # listed files are not touched, nothing is linted
