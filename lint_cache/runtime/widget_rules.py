"""How each Streamlit era treats a widget called while a cached function runs (design §1.2).

Three eras, each read in its release's `cached_message_replay.py` and widget policies:
- 1.15-1.33: a counter of running functions with the opt-in, one per cache type. A widget warns
  (CachedStFunctionWarning) unless a running function of that type opted in; its message is
  recorded under the same condition; st.toast warns in any cached function.
- 1.34-1.37: a per-run flag. Entering a function without the opt-in (or any function inside one)
  sets it; widgets warn (CachedWidgetWarning) while it is set. Whether widget messages are
  recorded follows the opt-in of the function of that cache type entered last.
- 1.38+: no widget replay. Every widget in a cached function warns; its message is recorded
  and replayed as a display only, never registered.
"""

from __future__ import annotations

from lint_cache.runtime.replay import Capture
from lint_cache.runtime.versions import Release

# Delta types 1.15-1.33 warn about in any cached function: those missing from the
# NONWIDGET_ELEMENTS list of `streamlit/elements/__init__.py`, among the commands modelled here.
WARNS_IN_CACHE_BEFORE_1_34 = frozenset({"toast"})


class WidgetRules:
    """Each method reads the running cached functions of one script run, innermost last, and the
    run's `state`: a dict the rules keep for that run, empty when it starts."""

    registers_on_replay = True  # replayed widget messages register the widget again
    keys_results_by_widgets = True  # results inside a value-key entry are keyed by widget values

    def enter(self, state: dict, capture: Capture) -> None:
        pass

    def exit(self, state: dict, capture: Capture) -> None:
        pass

    def widget_warnings(self, running: list[Capture], state: dict) -> list[str]:
        """The qualified names of the cached functions a widget called now warns about."""
        raise NotImplementedError

    def element_warnings(self, running: list[Capture], kind: str) -> list[str]:
        return []

    def records_widget(self, running: list[Capture], state: dict, capture: Capture) -> bool:
        raise NotImplementedError


class CounterRules(WidgetRules):
    """1.15-1.33."""

    def widget_warnings(self, running: list[Capture], state: dict) -> list[str]:
        return [
            of_type[-1].function.qualname
            for of_type in captures_by_type(running)
            if not any(capture.allows_widgets for capture in of_type)
        ]

    def element_warnings(self, running: list[Capture], kind: str) -> list[str]:
        if kind not in WARNS_IN_CACHE_BEFORE_1_34:
            return []
        return [of_type[-1].function.qualname for of_type in captures_by_type(running)]

    def records_widget(self, running: list[Capture], state: dict, capture: Capture) -> bool:
        return any(other.allows_widgets for other in running if other.shares_result == capture.shares_result)


def captures_by_type(running: list[Capture]) -> list[list[Capture]]:
    """The running cached functions per cache type (Streamlit keeps one context per type), if any."""
    by_type = [[capture for capture in running if capture.shares_result == shares] for shares in (False, True)]
    return [of_type for of_type in by_type if of_type]


class FlagRules(WidgetRules):
    """1.34-1.37."""

    def enter(self, state: dict, capture: Capture) -> None:
        nested = state.get("disallowed", False)
        allowed = capture.allows_widgets and not nested
        state.setdefault("entered_nested", []).append(nested)
        # Kept per cache type and not restored on exit, as the replay context's `_allow_widgets`.
        state[("allowed", capture.shares_result)] = allowed
        if not allowed:
            state["disallowed"] = True

    def exit(self, state: dict, capture: Capture) -> None:
        if not state["entered_nested"].pop():
            state["disallowed"] = False

    def widget_warnings(self, running: list[Capture], state: dict) -> list[str]:
        if state.get("disallowed", False):
            return [running[-1].function.qualname]
        return []

    def records_widget(self, running: list[Capture], state: dict, capture: Capture) -> bool:
        return state.get(("allowed", capture.shares_result), False)


class NoReplayRules(WidgetRules):
    """1.38 and later."""

    registers_on_replay = False
    keys_results_by_widgets = False

    def widget_warnings(self, running: list[Capture], state: dict) -> list[str]:
        return [running[-1].function.qualname] if running else []

    def records_widget(self, running: list[Capture], state: dict, capture: Capture) -> bool:
        return True


def rules_for(release: Release) -> WidgetRules:
    if not release.replays_widgets:
        return NoReplayRules()
    if release.widget_warning_code == "CachedWidgetWarning":
        return FlagRules()
    return CounterRules()
