"""The `streamlit` module an app imports while it runs under the reference runtime.

`installed(version, commands, decorators)` puts it in `sys.modules` for the duration of a
simulation and restores what was there before (a real Streamlit included). Its attributes follow
the release: `st.cache_data` is missing before 1.18, `st.experimental_memo` from 1.37, `st.cache`
from 1.62, as in Streamlit.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.abc
import sys
import types
from typing import Any, Callable, Iterator, Mapping

from packaging.version import Version

from lint_cache.runtime import versions
from lint_cache.runtime.errors import as_streamlit_raises
from lint_cache.runtime.session import CommandTable, current_run

# Modules that have exported the caching decorators; `from <module> import cache_data` works.
CACHING_SUBMODULES = ("streamlit.runtime", "streamlit.runtime.caching")


class MainAreaCommand:
    """`st.foo`: the command invoked on the main area of the running session."""

    def __init__(self, name: str, command: Callable[..., Any]) -> None:
        self.command = command
        self.__name__ = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        run = current_run()
        return self.command(run, run.session.main, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<st.{self.__name__} (lint-cache reference runtime)>"


class SidebarProxy:
    """`st.sidebar`: the sidebar of whichever session is running."""

    def __getattr__(self, name: str) -> Any:
        return getattr(current_run().session.sidebar, name)

    def __enter__(self) -> Any:
        return current_run().session.sidebar.__enter__()

    def __exit__(self, *exc_info: Any) -> None:
        current_run().session.sidebar.__exit__(*exc_info)


class SessionStateProxy:
    """`st.session_state`: item and attribute access to the running session's state."""

    def _state_and_run(self):
        run = current_run()
        return run.session.state, run

    def __getitem__(self, key: str) -> Any:
        state, run = self._state_and_run()
        run.record_read("session_state", key)
        return state.get_item(key)

    def __setitem__(self, key: str, value: Any) -> None:
        state, run = self._state_and_run()
        state.set_item(key, value, run.widget_ids)

    def __delitem__(self, key: str) -> None:
        self._state_and_run()[0].delete_item(key)

    def __contains__(self, key: str) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError as missing:
            raise as_streamlit_raises(AttributeError(str(missing))) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        self.__delitem__(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, values: Any = (), **more: Any) -> None:
        for key, value in dict(values, **more).items():
            self[key] = value

    def keys(self) -> list[str]:
        return self._state_and_run()[0].keys()

    def values(self) -> list[Any]:
        return [self[key] for key in self.keys()]

    def items(self) -> list[tuple[str, Any]]:
        return [(key, self[key]) for key in self.keys()]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.items())


class MappingProxy:
    """`st.query_params`, `st.user`, `st.experimental_user`: the running session's mapping, read
    by item or attribute; reads inside cached bodies are remembered."""

    def __init__(self, source: str, writable: bool = False) -> None:
        object.__setattr__(self, "_source", source)
        object.__setattr__(self, "_writable", writable)

    def _mapping(self) -> dict[str, Any]:
        request = current_run().session.request
        return request.query_params if self._source == "query_params" else request.user

    def _read(self, key: str) -> Any:
        current_run().record_read(self._source, key)
        return self._mapping()[key]

    def __getitem__(self, key: str) -> Any:
        try:
            return self._read(key)
        except KeyError:
            raise as_streamlit_raises(KeyError(f'st.{self._source} has no key "{key}".')) from None

    def __getattr__(self, key: str) -> Any:
        try:
            return self._read(key)
        except KeyError:
            if self._source == "query_params":
                raise as_streamlit_raises(AttributeError(f'st.query_params has no key "{key}".')) from None
            return None  # st.user gives None for a missing attribute

    def __contains__(self, key: str) -> bool:
        current_run().record_read(self._source, key)
        return key in self._mapping()

    def get(self, key: str, default: Any = None) -> Any:
        current_run().record_read(self._source, key)
        return self._mapping().get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.to_dict()))

    def to_dict(self) -> dict[str, Any]:
        run = current_run()
        for key in self._mapping():
            run.record_read(self._source, key)
        return copy.deepcopy(self._mapping())

    def __setitem__(self, key: str, value: Any) -> None:
        if not self._writable:
            raise as_streamlit_raises(TypeError(f"st.{self._source} cannot be changed"))
        self._mapping()[key] = str(value)

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class ContextProxy:
    """`st.context`: the running session's headers, cookies, locale, timezone, url... (1.37+)."""

    def __getattr__(self, name: str) -> Any:
        run = current_run()
        run.record_read("context", name)
        return copy.deepcopy(run.session.request.context.get(name))


class StreamlitModule(types.ModuleType):
    """`decorators`: the caching names `streamlit` exports in the release `version`."""

    def __init__(self, version: Version, commands: CommandTable, decorators: Mapping[str, Any]) -> None:
        super().__init__("streamlit", "Streamlit, as modelled by lint-cache's reference runtime")
        self.__version__ = str(version)
        self.__path__: list[str] = []  # a package, so `import streamlit.runtime.caching` resolves
        for name, command in commands.items():
            setattr(self, name, MainAreaCommand(name, command))
        self.sidebar = SidebarProxy()
        self.session_state = SessionStateProxy()
        if version >= versions.QUERY_PARAMS_ADDED:
            self.query_params = MappingProxy("query_params", writable=True)
        if versions.EXPERIMENTAL_USER_ADDED <= version < versions.EXPERIMENTAL_USER_REMOVED:
            self.experimental_user = MappingProxy("experimental_user")
        if version >= versions.USER_ADDED:
            self.user = MappingProxy("user")
        if version >= versions.CONTEXT_ADDED:
            self.context = ContextProxy()
        for name, decorator in decorators.items():
            setattr(self, name, decorator)

    def __getattr__(self, name: str) -> Any:
        raise as_streamlit_raises(
            AttributeError(
                f"module 'streamlit' has no attribute '{name}' (in lint-cache's model of Streamlit {self.__version__})"
            )
        )


def submodules(module: StreamlitModule, decorators: Mapping[str, Any]) -> dict[str, types.ModuleType]:
    """`streamlit.runtime.caching` and its parent, exporting the decorators this release has."""
    modules: dict[str, types.ModuleType] = {}
    for name in CACHING_SUBMODULES:
        submodule = types.ModuleType(name)
        submodule.__path__ = []
        for decorator in decorators:
            setattr(submodule, decorator, getattr(module, decorator))
        modules[name] = submodule
    modules["streamlit.runtime"].caching = modules["streamlit.runtime.caching"]
    module.runtime = modules["streamlit.runtime"]
    return modules


class UnmodelledStreamlitModules(importlib.abc.MetaPathFinder):
    """Refuses other `streamlit.*` imports instead of loading a real Streamlit next to the model."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        if fullname.startswith("streamlit."):
            raise as_streamlit_raises(
                ModuleNotFoundError(
                    f"No module named '{fullname}' (lint-cache's reference runtime models only `streamlit` "
                    "and `streamlit.runtime.caching`)"
                )
            )
        return None


@contextlib.contextmanager
def installed(version: Version, commands: CommandTable, decorators: Mapping[str, Any]) -> Iterator[StreamlitModule]:
    module = StreamlitModule(version, commands, decorators)
    saved = {name: value for name, value in sys.modules.items() if name == "streamlit" or name.startswith("streamlit.")}
    for name in saved:
        del sys.modules[name]
    sys.modules["streamlit"] = module
    sys.modules.update(submodules(module, decorators))
    blocker = UnmodelledStreamlitModules()
    sys.meta_path.insert(0, blocker)
    try:
        yield module
    finally:
        sys.meta_path.remove(blocker)
        for name in [name for name in sys.modules if name == "streamlit" or name.startswith("streamlit.")]:
            del sys.modules[name]
        sys.modules.update(saved)
