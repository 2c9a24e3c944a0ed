"""The Streamlit release a project pins: every requirement format, the order in which they decide,
and the order of the release's sources (option > configuration > requirement > installed > newest)."""

import codecs
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from conftest import SLIDER_APP
from lint_cache import config
from lint_cache.knowledge import streamlit_api
from lint_cache.project.pinned_release import ProjectReleases, newest_satisfying, poetry_specifier

LINT_CACHE = str(Path(sys.executable).parent / "lint-cache")
LOCKS = Path(__file__).parent / "data" / "locks"
DOCUMENTED = Path(__file__).parent / "data" / "requirements"


def pinned(folder: Path):
    releases = ProjectReleases()
    return releases.for_folder(folder), releases.notes


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / ".git").mkdir()  # the repository's root: the walk stops here
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("specifier", "release"),
    [
        ("==1.35.0", "1.35.0"),
        ("==1.35.*", "1.35.0"),
        ("~=1.35.0", "1.35.0"),
        (">=1.30,<1.36", "1.35.0"),
        (">=1.30", str(streamlit_api.LATEST_KNOWN) + ".0"),
        ("<1.0", "0.89.0"),
        ("==1.35.2", "1.35.2"),
        ("", str(streamlit_api.LATEST_KNOWN) + ".0"),
    ],
)
def test_a_specifier_means_the_newest_known_release_that_satisfies_it(specifier, release):
    assert newest_satisfying(SpecifierSet(specifier)) == Version(release)


def test_no_known_release_satisfies_an_impossible_specifier():
    assert newest_satisfying(SpecifierSet(">=1.40,<1.30")) is None


@pytest.mark.parametrize(
    ("constraint", "pep440"),
    [
        ("^1.35", ">=1.35,<2"),
        ("^0.89", ">=0.89,<0.90"),
        ("~1.35", ">=1.35,<1.36"),
        ("~1.35.2", ">=1.35.2,<1.36"),
        ("1.35.0", "==1.35.0"),
        (">=1.30,<1.36", ">=1.30,<1.36"),
        ("*", ""),
    ],
)
def test_poetry_constraints(constraint, pep440):
    assert poetry_specifier(constraint) == SpecifierSet(pep440)


@pytest.mark.parametrize(
    ("files", "release", "source"),
    [
        ({"requirements.txt": "pandas\nstreamlit==1.35.0  # pinned\n"}, "1.35", "requirements.txt"),
        ({"requirements.txt": "streamlit[snowflake]==1.35.0\n"}, "1.35", "requirements.txt"),
        ({"requirements.txt": "streamlit>=1.30,<1.36; python_version >= '3.8'\n"}, "1.35", "requirements.txt"),
        (
            {"requirements.txt": "streamlit==1.20; python_version < '3.0'\nstreamlit==1.40\n"},
            "1.40",
            "requirements.txt",
        ),
        ({"requirements.txt": "-r base.txt\n", "base.txt": "streamlit~=1.35.0\n"}, "1.35", "requirements.txt"),
        ({"requirements.txt": "-r requirements.txt\nstreamlit==1.33\n"}, "1.33", "requirements.txt"),
        ({"requirements-app.txt": "streamlit==1.30.0 \\\n    --hash=sha256:00\n"}, "1.30", "requirements-app.txt"),
        ({"pyproject.toml": '[project]\nname = "a"\ndependencies = ["streamlit==1.35.*"]\n'}, "1.35", "pyproject.toml"),
        (
            {"pyproject.toml": '[project]\nname = "a"\n[dependency-groups]\napp = ["streamlit>=1.20,<1.25"]\n'},
            "1.24",
            "pyproject.toml",
        ),
        ({"pyproject.toml": '[tool.poetry.dependencies]\nstreamlit = "^1.35"\n'}, "1.67", "pyproject.toml"),
        (
            {"pyproject.toml": '[tool.poetry.group.ui.dependencies]\nstreamlit = {version = "~1.36"}\n'},
            "1.36",
            "pyproject.toml",
        ),
        ({"setup.cfg": "[options]\ninstall_requires =\n    pandas\n    streamlit==1.28\n"}, "1.28", "setup.cfg"),
        (
            {"environment.yml": "dependencies:\n  - python=3.11\n  - pip:\n    - streamlit==1.31.1\n"},
            "1.31",
            "environment.yml",
        ),
        ({"environment.yml": "dependencies:\n  - streamlit=1.32\n"}, "1.32", "environment.yml"),
        # A lock file wins over the requirement it was made from.
        (
            {
                "requirements.txt": "streamlit>=1.30\n",
                "uv.lock": '[[package]]\nname = "streamlit"\nversion = "1.35.0"\n',
            },
            "1.35",
            "uv.lock",
        ),
        (
            {"Pipfile.lock": '{"default": {"streamlit": {"version": "==1.34.0"}}, "develop": {}}'},
            "1.34",
            "Pipfile.lock",
        ),
    ],
)
def test_each_requirement_format(tmp_path, files, release, source):
    found, notes = pinned(project(tmp_path, files))
    assert found is not None and notes == []
    assert (found.release, found.source.name) == (release, source)


@pytest.mark.parametrize("tool", ["uv", "poetry", "pipenv", "pdm"])
def test_lock_files_made_by_the_real_tools(tmp_path, tool):
    # Each folder holds what `uv lock`, `poetry lock`, `pipenv lock` and `pdm lock` wrote for a
    # project that needs streamlit==1.35.0; GENERATED.txt says which version of the tool, and how.
    folder = LOCKS / tool
    copy = tmp_path / tool
    shutil.copytree(folder, copy)
    (copy / ".git").mkdir()
    found, notes = pinned(copy)
    assert notes == []
    assert found is not None and found.release == "1.35"
    assert found.source.name in ("uv.lock", "poetry.lock", "Pipfile.lock", "pdm.lock")


@pytest.mark.parametrize(
    ("name", "includes"),
    [("requirements.txt", ["other-requirements.txt", "constraints.txt"]), ("setup.cfg", []), ("environment.yml", [])],
)
def test_the_documentations_own_examples(tmp_path, name, includes):
    # Copied from pip's, setuptools' and conda's documentation (the source is the first line of each).
    for each in (name, *includes):
        shutil.copy(DOCUMENTED / each, tmp_path / each)
    (tmp_path / ".git").mkdir()
    found, notes = pinned(tmp_path)
    assert notes == []
    assert (found.release, found.source.name) == ("1.35", name)


def test_the_nearest_folder_decides_and_the_walk_stops_at_the_repository(tmp_path):
    (tmp_path / "repository").mkdir()
    root = project(
        tmp_path / "repository",
        {
            "requirements.txt": "streamlit==1.40\n",
            "apps/old/requirements.txt": "streamlit==1.30\n",
            "apps/new/lib/helpers.py": "",
        },
    )
    assert pinned(root / "apps" / "old")[0].release == "1.30"
    assert pinned(root / "apps" / "new" / "lib")[0].release == "1.40"
    (tmp_path / "requirements.txt").write_text("streamlit==1.10\n")  # outside the repository
    (root / "requirements.txt").unlink()
    assert pinned(root / "apps" / "new" / "lib")[0] is None


def test_unreadable_files_are_skipped_with_a_note(tmp_path):
    root = project(
        tmp_path,
        {
            "uv.lock": '[[package]]\nname = "streamlit"\nversion = ',
            "Pipfile.lock": "{",
            "pyproject.toml": '[project]\ndependencies = ["streamlit==1.33"]',
        },
    )
    found, notes = pinned(root)
    assert found.release == "1.33"
    assert len(notes) == 2 and all("skipped" in note for note in notes)
    assert "uv.lock: not valid TOML" in notes[0] and "Pipfile.lock: not valid JSON" in notes[1]


def test_deep_toml_is_skipped_not_a_traceback(tmp_path):
    root = project(tmp_path, {"pyproject.toml": "a = " + "[" * 600 + "]" * 600 + "\n"})
    found, notes = pinned(root)
    assert found is None and len(notes) == 1


def test_a_pin_newer_than_known_is_checked_as_the_newest_with_a_note(tmp_path):
    found, notes = pinned(project(tmp_path, {"requirements.txt": "streamlit==9.1.0\n"}))
    assert found.version == streamlit_api.LATEST_KNOWN and found.beyond_known
    assert len(notes) == 1 and "newer than the newest" in notes[0]


def test_the_option_and_the_configuration_win_over_the_requirement(tmp_path):
    root = project(tmp_path, {"requirements.txt": "streamlit==1.35.0\n", "app.py": ""})
    app = str(root / "app.py")
    assert config.SettingsResolver().settings_for(app).streamlit_version == Version("1.35.0")
    given = config.Options(streamlit_version="1.40")
    assert config.SettingsResolver(given).settings_for(app).streamlit_version == Version("1.40")
    (root / "pyproject.toml").write_text('[tool.lint-cache]\nstreamlit-version = "1.50"\n')
    settings = config.SettingsResolver().settings_for(app)
    assert (settings.streamlit_version, settings.version_source) == (Version("1.50"), "config")


def run(*args, cwd):
    return subprocess.run([LINT_CACHE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_a_multipage_app_is_checked_as_the_release_it_pins(tmp_path):
    # The widget replay of 1.35 works with the opt-in: no STC103 and no STC102 there.
    page = (
        "import streamlit as st\n\n@st.cache_data(experimental_allow_widgets=True)\n"
        "def f():\n    return st.slider('n')\n"
    )
    root = project(tmp_path, {"requirements.txt": "streamlit==1.35.0\n", "Home.py": SLIDER_APP, "pages/1_a.py": page})
    result = run("check", ".", cwd=root)
    assert "pages/1_a.py" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith(
        "Found 1 problem (2 files checked, Streamlit 1.35 from requirements.txt)"
    )
    newest = run("check", ".", "--streamlit-version", "1.67", cwd=root)
    assert "pages/1_a.py:3:16: STC103" in newest.stdout


def test_a_monorepo_names_each_release_once(tmp_path):
    root = project(
        tmp_path,
        {
            "one/requirements.txt": "streamlit==1.30\n",
            "one/app.py": SLIDER_APP,
            "one/pages/p.py": SLIDER_APP,
            "two/pyproject.toml": '[project]\nname = "two"\ndependencies = ["streamlit==1.60"]\n',
            "two/app.py": SLIDER_APP,
        },
    )
    result = run("check", ".", cwd=root)
    assert result.stdout.splitlines()[-1].startswith(
        "Found 3 problems (3 files checked, Streamlit 1.30 from one/requirements.txt, 1.60 from two/pyproject.toml)"
    )


def test_notes_go_to_stderr_once(tmp_path):
    root = project(tmp_path, {"requirements.txt": "streamlit==3.0\n", "a.py": SLIDER_APP, "b.py": SLIDER_APP})
    result = run("check", ".", cwd=root)
    assert result.returncode == 1
    assert result.stderr.count("newer than the newest Streamlit release") == 1
    assert "Traceback" not in result.stderr


def test_a_utf16_requirements_file_is_read_as_pip_reads_it(tmp_path):
    root = project(tmp_path, {})
    (root / "requirements.txt").write_bytes(codecs.BOM_UTF16_LE + "streamlit==1.33\n".encode("utf-16-le"))
    found, notes = pinned(root)
    assert notes == [] and found.release == "1.33"


def test_many_releases_are_counted_in_the_summary(tmp_path):
    files = {}
    for index, release in enumerate(["1.30", "1.31", "1.32", "1.33", "1.33", "1.33"]):
        files[f"app{index}/requirements.txt"] = f"streamlit=={release}\n"
        files[f"app{index}/app.py"] = SLIDER_APP
    root = project(tmp_path, files)
    summary = run("check", ".", cwd=root).stdout.splitlines()[-1]
    assert summary.startswith("Found 6 problems (6 files checked, Streamlit 1.33 from 3 places, ")
    assert summary.endswith(", 1 other release).")


@pytest.mark.parametrize(
    ("files", "release"),
    [
        # Nightly builds are checked as the release they precede.
        ({"requirements.txt": "streamlit-nightly==1.41.1.dev20241201\n"}, "1.41"),
        ({"uv.lock": '[[package]]\nname = "streamlit-nightly"\nversion = "1.39.1.dev20241015"\n'}, "1.39"),
        ({"Pipfile.lock": '{"default": {"streamlit-nightly": {"version": "==1.40.2.dev20241120"}}}'}, "1.40"),
        # A local archive, a URL or a repository tag names its release.
        ({"requirements.txt": "./wheels/streamlit-1.41.1-py2.py3-none-any.whl\n"}, "1.41"),
        ({"requirements.txt": "streamlit @ https://example.org/f/streamlit-1.33.0-py3-none-any.whl\n"}, "1.33"),
        ({"requirements.txt": "https://example.org/f/streamlit-1.29.0.tar.gz\n"}, "1.29"),
        ({"requirements.txt": "git+https://github.com/streamlit/streamlit@1.38.0#subdirectory=lib\n"}, "1.38"),
        (
            {
                "pyproject.toml": '[project]\nname = "a"\ndependencies = ["streamlit @ file:///w/streamlit-1.30.0-py3-none-any.whl"]\n'
            },
            "1.30",
        ),
    ],
)
def test_pins_users_really_write(tmp_path, files, release):
    found, notes = pinned(project(tmp_path, files))
    assert found is not None and notes == []
    assert found.release == release


def test_a_url_that_names_no_release_is_no_pin(tmp_path):
    found, _ = pinned(project(tmp_path, {"requirements.txt": "streamlit @ https://example.org/latest.whl\n"}))
    assert found is None


@pytest.mark.parametrize(
    ("dependency", "release"),
    [
        ("conda-forge::streamlit=1.31", "1.31"),
        ("streamlit=1.31=py_0", "1.31"),
        ("streamlit 1.32.2 pyhd8ed1ab_0", "1.32"),
        ("conda-forge::streamlit>=1.30,<1.34", "1.33"),
        ("streamlit==1.29.0", "1.29"),
    ],
)
def test_conda_match_specs(tmp_path, dependency, release):
    found, notes = pinned(project(tmp_path, {"environment.yml": f"dependencies:\n  - {dependency}\n"}))
    assert notes == [] and found is not None and found.release == release


def test_an_environment_file_too_large_to_be_one_is_a_note(tmp_path):
    huge = "dependencies:\n" + "  - package-with-a-long-name==1.0\n" * 40_000 + "  - streamlit==1.30\n"
    found, notes = pinned(project(tmp_path, {"environment.yml": huge}))
    assert found is None and len(notes) == 1 and "MAX_ENVIRONMENT_BYTES" in notes[0]


# -- sizes that would make the pin slow to read: each bounded, each named ----------------------------

# Ten thousand clauses: no release but 1.0 satisfies them. Each release lint-cache knows, and each one
# a clause names, was tested against every clause: quadratic, 12 s here before the limit.
MANY_CLAUSES = ">=1.0," + ",".join(f"!=1.{minor}" for minor in range(1, 10_000))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("requirements.txt", f"streamlit{MANY_CLAUSES}\n"),
        ("pyproject.toml", f'[project]\ndependencies = ["streamlit{MANY_CLAUSES}"]\n'),
        ("pyproject.toml", f'[tool.poetry.dependencies]\nstreamlit = "{MANY_CLAUSES}"\n'),
        ("environment.yml", f"dependencies:\n  - pip:\n    - streamlit{MANY_CLAUSES}\n"),
    ],
    ids=["requirements", "pyproject", "poetry", "environment"],
)
def test_a_specifier_of_ten_thousand_clauses_is_skipped_at_once_with_a_note_naming_file_and_limit(tmp_path, name, text):
    root = project(tmp_path, {"requirements.txt": "streamlit==1.33\n", f"app/{name}": text})
    started = time.monotonic()
    found, notes = pinned(root / "app")
    assert time.monotonic() - started < 2
    assert found.release == "1.33"  # the next folder up decides
    (note,) = notes
    assert note.startswith(f"{root / 'app' / name}: ") and "10,000 version clauses" in note
    assert "MAX_SPECIFIER_CLAUSES" in note and "skipped" in note


def test_a_specifier_of_many_clauses_that_a_project_might_write_is_read():
    from lint_cache.project.pinned_release import MAX_SPECIFIER_CLAUSES

    clauses = ">=1.20," + ",".join(f"!=1.{minor}" for minor in range(21, 20 + MAX_SPECIFIER_CLAUSES))
    assert len(SpecifierSet(clauses)) == MAX_SPECIFIER_CLAUSES
    assert newest_satisfying(SpecifierSet(clauses)) == Version("1.20.0")


def test_an_environment_file_of_aliases_is_read_in_linear_time(tmp_path):
    # 25 KB of YAML: 1,000 `pip:` lists that are one list of 1,000 entries, reached again through an
    # alias each time (a "billion laughs"). Each was read again: a million lines, 25 s.
    packages = ", ".join(f"streamlit-extra-{number}" for number in range(1_000))
    text = f"shared: &shared [{packages}]\ndependencies:\n" + "  - pip: *shared\n" * 1_000 + "  - streamlit=1.31\n"
    started = time.monotonic()
    found, notes = pinned(project(tmp_path, {"environment.yml": text}))
    assert time.monotonic() - started < 2
    assert notes == [] and found.release == "1.31"


def test_the_environment_file_limit_counts_bytes_as_it_says(tmp_path):
    # 2 MB of UTF-8, but fewer than a million characters: it was parsed, against its own limit.
    name = "パ" * 20
    text = "dependencies:\n" + "".join(f"  - {name}{number}\n" for number in range(30_000)) + "  - streamlit=1.31\n"
    assert len(text) < 1024 * 1024 < len(text.encode("utf-8"))
    found, notes = pinned(project(tmp_path, {"environment.yml": text}))
    assert found is None and len(notes) == 1 and "MAX_ENVIRONMENT_BYTES" in notes[0]
