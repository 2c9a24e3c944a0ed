"""STC210 invalid-cache-option: an option the decorator of the checked release does not take, or a
combination Streamlit rejects.

Each decorator's keyword parameters are those of its signature in the release's wheel (tested
against lint_cache/knowledge/releases.json): any other raises TypeError when the function is
decorated, so the module fails to import. `refresh_mode` is validated too (1.61.1
runtime/caching/cache_utils.py and cache_data_api.py; `async def` from 1.64.0 cache_utils.py).
"""

from __future__ import annotations

from typing import Iterator, Optional

from lint_cache.diagnostics import ERROR, Finding, Fix
from lint_cache.facts import CachedFunction, ModuleFacts, literal_value
from lint_cache.fixes import edits
from lint_cache.knowledge import streamlit_api
from lint_cache.settings import Settings

CODE = "STC210"
NAME = "invalid-cache-option"
SUMMARY = "A cache decorator option the release does not accept, or a combination Streamlit rejects"
SEVERITY = ERROR

_UNSET = object()


def check(facts: ModuleFacts, settings: Settings) -> Iterator[Finding]:
    version = settings.streamlit_version
    for cached in facts.cached_functions:
        cache = cached.cache
        if cache.info.removed_at(version):
            continue  # STC201 / STC202: the decorator itself is gone
        for name in cache.options:
            if name == streamlit_api.ALLOW_WIDGETS_OPTION and version >= streamlit_api.ALLOW_WIDGETS_DEPRECATED:
                continue  # STC103 follows the opt-in from its deprecation on
            problem = _rejected(name, cache.decorator, version)
            if problem is not None:
                yield Finding(
                    cache.anchor(name),
                    f"`{name}` on cached `{cached.name}()`: {problem}",
                    fix=_removal(cached, name),
                )
        yield from _refresh_mode(cached, version)


def _rejected(name: str, decorator: str, version) -> Optional[str]:
    """Why `st.<decorator>` of `version` rejects the option `name`, or None when it takes it."""
    option = streamlit_api.CACHE_OPTIONS.get(name)
    spelled = f"st.{decorator}"
    if option is not None and option.accepted(decorator, version):
        return None
    failure = f"`{spelled}` of Streamlit {version.major}.{version.minor} has no such option (TypeError when decorated)"
    advice = streamlit_api.OPTION_ADVICE.get((name, decorator)) or streamlit_api.OPTION_ADVICE.get((name, None))
    if option is not None and decorator in option.decorators:
        removed = option.removed_release(decorator)
        if removed is not None and version >= removed:
            failure = f"`{spelled}` no longer takes it since Streamlit {removed} (TypeError when decorated)"
        else:
            first = option.first_release(decorator)
            failure = f"`{spelled}` takes it from Streamlit {first} (TypeError when decorated before)"
            advice = advice or f"remove it, or deploy Streamlit {first} or later"
    return f"{failure}; {advice or 'remove it'}"


def _removal(cached: CachedFunction, name: str) -> Optional[Fix]:
    """Removing the option keeps the meaning only where it changed nothing but messages."""
    if name not in streamlit_api.COSMETIC_OPTIONS or cached.cache.defined_in is not None:
        return None
    return Fix(f"Remove `{name}`", safe=True, edits=lambda: edits.drop_keywords(cached.cache, frozenset({name})))


def _refresh_mode(cached: CachedFunction, version) -> Iterator[Finding]:
    """`refresh_mode` values Streamlit rejects: anything but "foreground"/"background"; background
    without a ttl or with persist (1.61), or on an `async def` (1.64)."""
    cache = cached.cache
    option = streamlit_api.CACHE_OPTIONS["refresh_mode"]
    if "refresh_mode" not in cache.options or not option.accepted(cache.decorator, version):
        return
    mode = literal_value(cache.option("refresh_mode"), default=_UNSET)
    where = f"`refresh_mode` on cached `{cached.name}()`"
    if mode is not _UNSET and mode not in streamlit_api.REFRESH_MODES:
        yield Finding(
            cache.anchor("refresh_mode"),
            f'{where} is {mode!r}: Streamlit accepts only "foreground" or "background" (StreamlitValueError)',
        )
        return
    if mode != "background":
        return
    ttl = cache.option("ttl")
    if ttl is None or literal_value(ttl, default=_UNSET) is None:  # absent, or ttl=None
        yield Finding(
            cache.anchor("refresh_mode"),
            f'{where} is "background" without a ttl: Streamlit raises StreamlitAPIException; '
            'set a ttl (ttl="1h") or drop refresh_mode',
        )
    if literal_value(cache.option("persist"), default=None) not in (None, False):
        yield Finding(
            cache.anchor("refresh_mode"),
            f'{where} is "background" with persist: Streamlit raises StreamlitAPIException (a persisted '
            "cache never expires in memory); drop persist or refresh_mode",
        )
    if cached.is_async and version >= streamlit_api.ASYNC_CACHED_FUNCTIONS:
        yield Finding(
            cache.anchor("refresh_mode"),
            f'{where} is "background" on an `async def`: Streamlit {streamlit_api.ASYNC_CACHED_FUNCTIONS} and later '
            'raise StreamlitValueError; use refresh_mode="foreground"',
        )
