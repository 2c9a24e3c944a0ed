"""The linter's knowledge and the reference runtime keep separate tables (the runtime is the yardstick
the linter is measured against); where they speak of the same Streamlit change they must agree."""

import pytest

from lint_cache.knowledge import streamlit_api as knowledge
from lint_cache.runtime import commands as runtime_commands
from lint_cache.runtime import versions as runtime

SHARED_BOUNDARIES = [
    ("cache_data added", knowledge.CACHE_DATA_ADDED, runtime.CACHE_DATA_ADDED),
    ("hash_funcs added", knowledge.CACHE_OPTIONS["hash_funcs"].since, runtime.HASH_FUNCS_ADDED),
    ("opt-in deprecated", knowledge.ALLOW_WIDGETS_DEPRECATED, runtime.ALLOW_WIDGETS_DEPRECATED),
    ("st.cache becomes an alias", knowledge.ST_CACHE_ALIASED, runtime.ST_CACHE_ALIAS_ADDED),
    ("memo removed", knowledge.CACHE_DECORATORS["experimental_memo"].removed_in, runtime.MEMO_SINGLETON_REMOVED),
    (
        "singleton removed",
        knowledge.CACHE_DECORATORS["experimental_singleton"].removed_in,
        runtime.MEMO_SINGLETON_REMOVED,
    ),
    ("widget replay removed", knowledge.WIDGET_REPLAY_REMOVED, runtime.WIDGET_REPLAY_REMOVED),
    ("show_time added", knowledge.CACHE_OPTIONS["show_time"].since, runtime.SHOW_TIME_ADDED),
    ("style-only html fails", knowledge.STYLE_ONLY_HTML_FAILS, runtime.STYLE_HTML_TO_EVENTS),
    ("opt-in removed", knowledge.ALLOW_WIDGETS_REMOVED, runtime.ALLOW_WIDGETS_REMOVED),
    ("scope added", knowledge.CACHE_OPTIONS["scope"].since, runtime.SCOPE_ADDED),
    ("on_release added", knowledge.CACHE_OPTIONS["on_release"].since, runtime.SCOPE_ADDED),
    ("refresh_mode added", knowledge.CACHE_OPTIONS["refresh_mode"].since, runtime.REFRESH_MODE_ADDED),
    ("st.cache removed", knowledge.CACHE_DECORATORS["cache"].removed_in, runtime.ST_CACHE_REMOVED),
    ("max_size added", knowledge.CACHE_OPTIONS["max_size"].since, runtime.MAX_SIZE_ADDED),
    ("async functions awaited", knowledge.ASYNC_CACHED_FUNCTIONS, runtime.ASYNC_AWAITED),
    ("returned awaitable raises", knowledge.RETURNED_AWAITABLE_RAISES, runtime.RETURNED_AWAITABLE_RAISES),
    ("server cache budget", knowledge.SERVER_CACHE_DATA_BUDGET, runtime.SERVER_BUDGET_ADDED),
]


@pytest.mark.parametrize(
    ("change", "linter", "yardstick"), SHARED_BOUNDARIES, ids=[row[0] for row in SHARED_BOUNDARIES]
)
def test_version_boundaries_agree(change, linter, yardstick):
    assert linter == yardstick


def test_the_newest_release_known_is_modelled():
    assert knowledge.LATEST_KNOWN >= runtime.MAX_SIZE_ADDED


STYLE_SAMPLES = [
    "<style>.a { color: red }</style>",
    "  <style type='text/css'>p{}</style>\n<!-- note -->  ",
    "<!-- only a comment --><style>x</style>",
    "<STYLE>x</STYLE>",
    "<style>x</style><p>text</p>",
    "<p>text</p>",
    "",
    "<styles>x</styles>",
    "<!-- a comment alone -->",
]


@pytest.mark.parametrize("html", STYLE_SAMPLES)
def test_style_only_html_is_judged_alike(html):
    assert knowledge.is_style_only_html(html) == bool(runtime_commands.STYLE_ONLY_HTML.match(html))
