"""`[tool.lint-cache]` in pyproject.toml through the real `lint-cache` command: which file applies,
precedence of the command line, per-file-ignores, exclude, extra-widgets, file-level noqa, and clear
errors (exit 2, no traceback) for unknown keys and bad values."""

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LEGACY_APP, SLIDER_APP
from lint_cache.config import NO_CONFIG, ConfigError, Options, SettingsResolver, load, matches, nearest

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")

COMPONENT_APP = """\
import streamlit as st
from my_components.wheels import color_wheel


@st.cache_data
def palette():
    return color_wheel("pick a colour")
"""
# Only Streamlit 1.15 to 1.35 offer the opt-in in the message: it tells which version was used.
OPT_IN_HINT = "pass experimental_allow_widgets=True to replay it"


def check(*args, cwd):
    return subprocess.run([LINT_CACHE, "check", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def reported(result) -> list[tuple[str, str]]:
    """(path, code) of each finding in concise output."""
    return [
        (line.split(":")[0], line.split(": ")[1].split()[0]) for line in result.stdout.splitlines() if ": STC" in line
    ]


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app.py").write_text(SLIDER_APP)
    for folder in ("pages", "legacy", "pages/drafts"):
        (tmp_path / folder).mkdir()
    (tmp_path / "pages" / "one.py").write_text(SLIDER_APP)
    (tmp_path / "pages" / "drafts" / "two.py").write_text(SLIDER_APP)
    (tmp_path / "legacy" / "old.py").write_text(SLIDER_APP)
    return tmp_path


def configure(project: Path, text: str, file_name: str = "pyproject.toml") -> None:
    (project / file_name).write_text(text)


def test_the_file_sets_the_version_and_the_command_line_wins(project):
    configure(project, '[tool.lint-cache]\nstreamlit-version = "1.35"\n')
    from_file = check("app.py", cwd=project)
    assert from_file.returncode == 1 and OPT_IN_HINT in from_file.stdout
    from_command_line = check("app.py", "--streamlit-version", "1.40", cwd=project)
    assert from_command_line.returncode == 1 and OPT_IN_HINT not in from_command_line.stdout


def test_select_and_ignore_from_the_file_and_the_command_line_wins(project):
    configure(project, '[tool.lint-cache]\nignore = ["STC102"]\n')
    assert check(".", cwd=project).returncode == 0
    assert check(".", "--ignore", "STC104", cwd=project).returncode == 0  # adds to the file's list (ruff's layering)
    assert check(".", "--extend-select", "STC102", cwd=project).returncode == 1
    configure(project, '[tool.lint-cache]\nselect = ["stc2"]\n')
    assert check(".", cwd=project).returncode == 0
    assert check(".", "--select", "STC1", cwd=project).returncode == 1


def test_the_nearest_configured_pyproject_applies_to_each_file(project):
    configure(project, '[tool.lint-cache]\nignore = ["STC102"]\n')
    # A pyproject.toml without our table is skipped, as ruff skips one without [tool.ruff].
    (project / "pages" / "pyproject.toml").write_text('[project]\nname = "pages"\n')
    (project / "pages" / "drafts" / "pyproject.toml").write_text('[tool.lint-cache]\nstreamlit-version = "1.35"\n')
    result = check(".", cwd=project)
    assert reported(result) == [("pages/drafts/two.py", "STC102")]
    assert OPT_IN_HINT in result.stdout
    # From inside a folder, the files above it still find their own configuration.
    assert reported(check("../../app.py", ".", cwd=project / "pages" / "drafts")) == [("two.py", "STC102")]


def test_config_option_names_one_file_for_all(project, tmp_path_factory):
    configure(project, '[tool.lint-cache]\nignore = ["STC102"]\n')
    elsewhere = tmp_path_factory.mktemp("settings") / "lint-cache.toml"
    # `legacy` has no slash: it matches that name anywhere, wherever the config file is.
    elsewhere.write_text('[tool.lint-cache]\nstreamlit-version = "1.35"\nexclude = ["legacy"]\n')
    result = check(".", "--config", str(elsewhere), cwd=project)
    assert sorted(path for path, _ in reported(result)) == ["app.py", "pages/drafts/two.py", "pages/one.py"]
    assert OPT_IN_HINT in result.stdout
    missing = check(".", "--config", "nowhere.toml", cwd=project)
    assert missing.returncode == 2 and "nowhere.toml: no such configuration file" in missing.stderr


def test_per_file_ignores(project):
    configure(
        project,
        '[tool.lint-cache.per-file-ignores]\n"pages/*.py" = ["STC102"]\n"old.py" = ["STC1"]\n',
    )
    assert reported(check(".", cwd=project)) == [("app.py", "STC102")]


def test_per_file_ignores_win_over_select_and_stop_fixes(project):
    (project / "model.py").write_text(LEGACY_APP)
    configure(project, '[tool.lint-cache]\nselect = ["STC201"]\nper-file-ignores = { "model.py" = ["STC2"] }\n')
    result = check("model.py", "--fix", cwd=project)
    assert result.returncode == 0, result.stdout
    assert (project / "model.py").read_text() == LEGACY_APP


@pytest.mark.parametrize(
    "patterns, linted",
    [
        ('["legacy"]', ["app.py", "pages/drafts/two.py", "pages/one.py"]),
        ('["pages/drafts"]', ["app.py", "legacy/old.py", "pages/one.py"]),
        ('["pages/*"]', ["app.py", "legacy/old.py"]),
        ('["**/one.py", "*/drafts/*.py"]', ["app.py", "legacy/old.py"]),
        ('["./app.py", "old.py"]', ["pages/drafts/two.py", "pages/one.py"]),
    ],
)
def test_exclude(project, patterns, linted):
    configure(project, f"[tool.lint-cache]\nexclude = {patterns}\n")
    result = check(".", cwd=project)
    assert sorted(path for path, _ in reported(result)) == linted


def test_exclude_applies_to_files_named_on_the_command_line(project):
    # pre-commit and editors name each file: the project's exclusions must hold for them too.
    configure(project, '[tool.lint-cache]\nexclude = ["legacy"]\n')
    result = check("legacy/old.py", "app.py", cwd=project)
    assert reported(result) == [("app.py", "STC102")]
    assert (
        result.stdout.splitlines()[-1] == "Found 1 problem (1 file checked, Streamlit 1.67, the newest release known)."
    )


def test_exclude_and_extend_exclude_from_the_command_line_and_the_file(project):
    configure(project, '[tool.lint-cache]\nexclude = ["legacy"]\nextend-exclude = ["drafts"]\n')
    assert sorted(path for path, _ in reported(check(".", cwd=project))) == ["app.py", "pages/one.py"]
    # --exclude replaces the file's `exclude`; `extend-exclude` still holds, as in ruff.
    replaced = check(".", "--exclude", "app.py", cwd=project)
    assert sorted(path for path, _ in reported(replaced)) == ["legacy/old.py", "pages/one.py"]
    extended = check(".", "--extend-exclude", "pages/one.py,app.py", cwd=project)
    assert reported(extended) == []
    assert extended.returncode == 0 and "No Python files found" in extended.stderr


def test_per_file_ignores_from_the_command_line_and_the_file(project):
    configure(
        project,
        '[tool.lint-cache.per-file-ignores]\n"legacy/*" = ["STC102"]\n'
        '[tool.lint-cache.extend-per-file-ignores]\n"app.py" = ["STC102"]\n',
    )
    assert sorted(path for path, _ in reported(check(".", cwd=project))) == ["pages/drafts/two.py", "pages/one.py"]
    # --per-file-ignores replaces the file's table; a code without a glob goes with the glob before it.
    replaced = check(".", "--per-file-ignores", "pages/*:STC102,STC104", cwd=project)
    assert sorted(path for path, _ in reported(replaced)) == ["legacy/old.py"]
    extended = check(".", "--extend-per-file-ignores", "one.py:STC102", cwd=project)
    assert sorted(path for path, _ in reported(extended)) == ["pages/drafts/two.py"]
    bad = check(".", "--per-file-ignores", "STC102", cwd=project)
    assert bad.returncode == 2 and "--per-file-ignores: expected GLOB:CODES" in bad.stderr


def test_extra_widgets_make_a_custom_component_a_widget(project):
    (project / "palette.py").write_text(COMPONENT_APP)
    assert check("palette.py", cwd=project).returncode == 0
    configure(project, '[tool.lint-cache]\nextra-widgets = ["my_components.wheels.color_wheel"]\n')
    result = check("palette.py", cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("palette.py:7:12: STC102 `color_wheel` inside cached `palette()`")
    configure(project, "[tool.lint-cache]\n")
    from_command_line = check(
        "palette.py", "--extra-widgets", "other.widget,my_components.wheels.color_wheel", cwd=project
    )
    assert from_command_line.returncode == 1


def test_estimator_limits_reach_the_settings(project):
    configure(project, '[tool.lint-cache]\nmax-estimated-entries = 5_000\nentry-size = "1.5MB"\n')
    settings = SettingsResolver().settings_for(str(project / "app.py"))
    assert (settings.max_estimated_entries, settings.entry_size) == (5000, 1_500_000)
    assert check("app.py", "--max-estimated-entries", "100", "--entry-size", "2GiB", cwd=project).returncode == 1


def test_command_line_options_win_over_the_file_in_the_settings(project):
    configure(project, '[tool.lint-cache]\nmax-estimated-entries = 10\nentry-size = 2048\nselect = ["STC1"]\n')
    given = Options(max_estimated_entries=20, streamlit_version="1.36")
    settings = SettingsResolver(given).settings_for(str(project / "app.py"))
    assert (settings.max_estimated_entries, settings.entry_size) == (20, 2048)
    assert settings.selects("STC102") and not settings.selects("STC201")
    assert (str(settings.streamlit_version), settings.version_source) == ("1.36", "option")
    from_file = SettingsResolver(Options()).settings_for(str(project / "app.py"))
    assert from_file.version_source != "option"


def test_an_empty_table_still_stops_the_search(project):
    configure(project, '[tool.lint-cache]\nignore = ["STC102"]\n')
    (project / "pages" / "pyproject.toml").write_text("[tool.lint-cache]\n")
    assert sorted(path for path, _ in reported(check(".", cwd=project))) == ["pages/drafts/two.py", "pages/one.py"]


def test_file_level_noqa(project):
    (project / "app.py").write_text("# lint-cache: noqa\n" + SLIDER_APP)
    (project / "pages" / "one.py").write_text(
        "#lint-cache: NOQA: STC101 , STC2\n" + SLIDER_APP.replace("st.slider", "st.file_uploader")
    )
    (project / "pages" / "drafts" / "two.py").write_text(
        SLIDER_APP + 'print("# lint-cache: noqa")  # lint-cache: noqa\n'  # not a comment line: no effect
    )
    (project / "legacy" / "old.py").write_text("# lint-cache: noqa: STC101\n" + SLIDER_APP)
    assert sorted(reported(check(".", cwd=project))) == [
        ("legacy/old.py", "STC102"),
        ("pages/drafts/two.py", "STC102"),
    ]


def test_file_level_noqa_also_silences_a_syntax_error(project):
    (project / "app.py").write_text("# lint-cache: noqa\nimport streamlit as st\n@st.cache_data\ndef f(:\n    pass\n")
    assert check("app.py", cwd=project).returncode == 0


@pytest.mark.parametrize(
    "comment, reported_codes", [("# lint-cache: noqa", []), ("# lint-cache: noqa: STC102", ["STC001"])]
)
def test_file_level_noqa_silences_the_refusal_of_a_file_too_deep_to_parse_as_it_silences_a_syntax_error(
    project, comment, reported_codes
):
    # Refused before any parse (Python itself refuses its nesting), the file's STC001 is silenced by
    # the same comment as any other finding of it.
    deep = "import streamlit as st\n@st.cache_data\ndef f():\n    return 1\nx = " + "lambda: " * 5000 + "1\n"
    (project / "app.py").write_text(f"{comment}\n{deep}")
    result = check("app.py", cwd=project)
    assert [code for _, code in reported(result)] == reported_codes


@pytest.mark.parametrize(
    "table, message",
    [
        ('selct = ["STC1"]', "unknown key 'selct' (did you mean 'select'?)"),
        ("max_estimated_entries = 10", "unknown key 'max_estimated_entries' (did you mean 'max-estimated-entries'?)"),
        ("colour = 1", "unknown key 'colour'; the keys are extend, streamlit-version, select, ignore"),
        ("streamlit-version = 1.4", 'streamlit-version: write the version as a string, e.g. "1.40", not 1.4'),
        ('streamlit-version = "one"', "streamlit-version: 'one' is not a version"),
        ('streamlit-version = "2.0"', "streamlit-version: '2.0' is not a Streamlit release"),
        ('select = "STC1"', "select: expected a list of strings, got 'STC1'"),
        ('ignore = ["STC999"]', "ignore: STC999 matches no rule"),
        ('exclude = "legacy"', "exclude: expected a list of strings"),
        ('per-file-ignores = ["x"]', "per-file-ignores: expected a table"),
        ('per-file-ignores = { "a.py" = "STC102" }', "per-file-ignores: expected a table"),
        ('per-file-ignores = { "a.py" = ["E501"] }', "per-file-ignores 'a.py': E501 matches no rule"),
        ("max-estimated-entries = 0", "max-estimated-entries: 0 must be at least 1"),
        ("max-estimated-entries = true", "max-estimated-entries: True is not a whole number"),
        ('max-estimated-entries = "many"', "max-estimated-entries: 'many' is not a whole number"),
        ('entry-size = "lots"', "entry-size: 'lots' is not a size like 100MB"),
        ("entry-size = 0", "entry-size: 0 is not a positive size"),
        ('extra-widgets = ["color_wheel"]', "extra-widgets: 'color_wheel' is not a dotted name"),
        ('extra-widgets = "a.b"', "extra-widgets: expected a list of strings"),
    ],
)
def test_bad_configuration_is_a_clear_error(project, table, message):
    configure(project, f"[tool.lint-cache]\n{table}\n")
    result = check("app.py", cwd=project)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"lint-cache: error: {project / 'pyproject.toml'}: [tool.lint-cache] {message}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text, message",
    [
        ("[tool.lint-cache\n", "not valid TOML"),
        ('[tool]\nlint-cache = "yes"\n', "[tool.lint-cache] must be a table"),
        (b"\xff\xfe[tool.lint-cache]\n", "not valid TOML"),
    ],
)
def test_unreadable_configuration_is_a_clear_error(project, text, message):
    path = project / "pyproject.toml"
    path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text)
    result = check("app.py", cwd=project)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--max-estimated-entries", "0", "--max-estimated-entries: '0' must be at least 1"),
        ("--entry-size", "ten", "--entry-size: 'ten' is not a size"),
        ("--extra-widgets", "color_wheel", "--extra-widgets: 'color_wheel' is not a dotted name"),
        ("--select", "STC9", "--select: STC9 matches no rule"),
    ],
)
def test_bad_command_line_values_are_clear_errors(project, option, value, message):
    result = check("app.py", option, value, cwd=project)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "pattern, path, expected",
    [
        ("legacy", "legacy/old.py", True),
        ("legacy", "src/legacy/old.py", True),
        ("legacy", "legacy_app.py", False),
        ("*_test.py", "deep/down/a_test.py", True),
        ("pages/*.py", "pages/one.py", True),
        ("pages/*.py", "src/pages/one.py", False),
        ("pages", "pages/drafts/two.py", True),
        ("pages/", "pages/drafts/two.py", True),
        ("**/two.py", "pages/drafts/two.py", True),
        ("pages/**/*.py", "pages/one.py", True),
        ("pages/**/*.py", "pages/drafts/two.py", True),
        ("./app.py", "app.py", True),
        ("./app.py", "pages/app.py", False),
        ("/pages", "pages/one.py", True),
        ("/one.py", "pages/one.py", False),
        ("app.py", "pages/app.pyi", False),
    ],
)
def test_glob_matching(tmp_path, pattern, path, expected):
    assert matches(pattern, str(tmp_path / path), tmp_path) is expected


def test_a_pyproject_without_the_table_configures_nothing_and_cannot_be_named(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert nearest(tmp_path) is NO_CONFIG
    with pytest.raises(ConfigError, match="no lint-cache settings in it"):
        load(tmp_path / "pyproject.toml")
