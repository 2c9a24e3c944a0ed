"""What a cached function does with Streamlit when it runs.

The walker visits the code that runs when the cached function is called: its body, the nested
functions and lambdas it calls, and the helper functions of the same module it calls
(transitively, each helper walked once). Effects found in a helper are reported at the call in the
cached body that leads to them, with the chain of helpers (design §2, positions).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterator, Optional, Union

import libcst as cst

from lint_cache.facts.meanings import (
    INSIDE,
    OUTSIDE,
    SIDEBAR,
    Container,
    FunctionInfo,
    Imported,
    Scope,
    SelfReference,
)
from lint_cache.facts.mutators import AMBIGUOUS_MUTATORS, CONTAINER_MUTATORS
from lint_cache.facts.parameters import parameter_names, positional_parameters
from lint_cache.facts.scan import ModuleScan, bind_target, element_of
from lint_cache.facts.scopes import NameResolver
from lint_cache.facts.static import range_length, static_value
from lint_cache.facts.walk import children
from lint_cache.facts.widgets import StreamlitCall, command_widget, component_widget, streamlit_call
from lint_cache.knowledge import streamlit_api
from lint_cache.source import prefilter

# Effect kinds.
CALL = "call"  # a Streamlit command: `st.slider(...)`, `left.write(...)`
COMPONENT = "component"  # a custom component call
STATE_WRITE = "state_write"  # a write to st.session_state or st.query_params
WITH_CONTAINER = "with"  # `with st.sidebar:` or `with <container created outside>:`
REQUEST_READ = "request_read"  # a read of st.session_state, st.query_params, st.user, st.context (§1.7)
GLOBAL_READ = "global_read"  # a read of a module-level variable (name: the variable)
DIALOG = "dialog"  # the name of a CALL effect that calls a function decorated with st.dialog

WALK_BUDGET = 2000
# Calls that change a value kept in session state in place (`st.session_state.history.append(x)`).
IN_PLACE_MUTATORS = CONTAINER_MUTATORS | AMBIGUOUS_MUTATORS


@dataclass(frozen=True)
class Helper:
    """A helper function on the way from a cached body to an effect; `module` names the project
    module it is defined in when that is not the linted one."""

    name: str
    module: Optional[str] = None


class HelperChain:
    """The helpers between a cached body and an effect, outermost first. A helper's call puts itself
    in front of the chains of the helper's effects: it shares them rather than copies them, so that
    a chain thousands of helpers deep costs one link per helper, not its length each time."""

    __slots__ = ("first", "rest", "length", "last_two")

    def __init__(self, first: Helper, rest: Optional[HelperChain] = None):
        self.first, self.rest = first, rest
        self.length = 1 + (rest.length if rest is not None else 0)
        self.last_two: tuple[Helper, ...] = (
            (first,) if rest is None else (first, rest.first) if rest.rest is None else rest.last_two
        )

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[Helper]:
        link: Optional[HelperChain] = self
        while link is not None:
            yield link.first
            link = link.rest

    @property
    def last(self) -> Helper:
        """The innermost helper: the one whose body holds the effect."""
        return self.last_two[-1]


@dataclass(frozen=True, eq=False)
class Effect:
    kind: str
    name: str  # the command ("slider", "session_state.update"), state object or component name
    node: cst.CSTNode  # the call, the assignment target or the `with` item
    anchor: cst.CSTNode  # where to report: `node`, or the call in the cached body that leads to it
    via: Optional[HelperChain] = None  # helper functions between the cached body and `node`; None: none
    container: Optional[Container] = None  # what the command is called on; None: the `st` module
    # How many times the code runs per call: the product of the literal loops around it (1 outside
    # loops, None inside a loop of unknown length), and whether a branch decides if it runs.
    repeat: Optional[int] = 1
    conditional: bool = False
    in_container_block: bool = False  # inside `with <container>:`, where pinned widgets stay inline
    scope: Optional[Scope] = None  # where the call's arguments are evaluated

    @property
    def call(self) -> Optional[cst.Call]:
        return self.node if isinstance(self.node, cst.Call) else None


def widget_of(effect: Effect) -> Optional[streamlit_api.Widget]:
    """The widget an effect creates, or None for anything that registers no widget state (§1.2)."""
    if effect.kind == COMPONENT:
        return component_widget(effect.name)
    if effect.kind != CALL or effect.call is None:
        return None
    return command_widget(effect.name, effect.call)


def iteration_count(iterable: cst.BaseExpression, scope: Scope) -> Optional[int]:
    """How many times a loop over `iterable` runs, when that is a literal: `range(3)`, `["a", "b"]`."""
    value = static_value(iterable, scope)
    if isinstance(value, range):
        return range_length(value)
    return len(value) if isinstance(value, (list, tuple, set, str)) else None


@dataclass(frozen=True, eq=False)
class LocalFunction:
    """A function or lambda defined in the code being walked: it runs where it is called."""

    node: Union[cst.FunctionDef, cst.Lambda]


class EffectIndex:
    """Effects per function of one module, each helper walked at most once."""

    def __init__(
        self,
        scan: ModuleScan,
        extra_widgets: frozenset[str] = frozenset(),
        project_effects: Optional[Callable[[str], Optional[EffectIndex]]] = None,
        text: Optional[str] = None,
    ):
        self.scan = scan
        # Reads of session state and request data are looked for only where the module's text
        # names some (or it imports project modules, which may hand one on): resolving every name
        # and attribute a cached function reads is a third of this walk.
        self.may_read_request_data = text is None or bool(scan.imported_files) or prefilter.may_read_request_data(text)
        # The index of another project module by its file (`project.ProjectModules.effects`): handed
        # in, so that helpers defined there are walked with their own module's names.
        self.project_effects = project_effects
        self.extra_widgets = extra_widgets | streamlit_api.KNOWN_COMPONENT_FUNCTIONS
        self._walked: dict[FunctionInfo, list[Effect]] = {}
        self._walking: list[FunctionInfo] = []  # the call chain being walked
        self._cut_short: set[FunctionInfo] = set()  # walks that met a recursive call: not memoized
        self._walks = 0

    def index_for(self, function: FunctionInfo) -> EffectIndex:
        """The index of the module `function` is defined in: this one, or a project module's."""
        if function.module is None or function.module == self.scan.path or self.project_effects is None:
            return self
        return self.project_effects(function.module) or self

    def effects_of(self, function: FunctionInfo) -> list[Effect]:
        """The effects of calling `function`, anchored in its own body."""
        if function in self._walked:
            return self._walked[function]
        if function in self._walking:
            # Recursion: `function` is being walked already and will report its own effects. The
            # walks in between miss them, so they must not be remembered as complete.
            self._cut_short.update(self._walking[self._walking.index(function) + 1 :])
            return []
        self._walking.append(function)
        self._walks += 1
        try:
            effects = _BodyWalker(self, function).run()
        finally:
            self._walking.pop()
        # Past the budget, tangled recursion is remembered as is, so that no input can make the
        # walk exponential; real modules stay far below it.
        if function in self._cut_short and self._walks < WALK_BUDGET:
            self._cut_short.discard(function)
        else:
            self._walked[function] = effects
        return effects


class _BodyWalker:
    """Visits the code a function runs with `visit_<Node>` / `leave_<Node>` methods, like a libcst
    visitor, but driven by the fast walk (libcst's own traversal costs about nine times more).
    A `visit_` method returning False skips the node's children; `leave_` runs in any case."""

    _handlers: dict[type, tuple] = {}

    def __init__(self, index: EffectIndex, function: FunctionInfo):
        self.index = index
        self.function = function
        self.scope = Scope(function.defining_scope)
        self._bind_parameters(function.node.params, function)
        self.effects: list[Effect] = []
        self._not_run: set[cst.CSTNode] = set()  # lambdas that are callbacks, returned or stored
        self._running: set[cst.CSTNode] = set()  # local functions being walked, against recursion
        self._repeats: list[Optional[int]] = []  # iteration counts of the loops around the current node
        self._branches = 0  # branches around the current node
        self._filters: list[bool] = []  # whether each comprehension around the node has an `if`
        self._container_blocks = 0  # `with <container>:` blocks around the current node
        self._state_writes: set[cst.CSTNode] = set()  # assignment targets and state callees: no reads
        self._local_bodies: list[Scope] = []  # the names bound in the local functions being walked

    def run(self) -> list[Effect]:
        self._walk(self.function.node.body)
        return self.effects

    def _walk(self, node: cst.CSTNode) -> None:
        kind = type(node)
        handlers = self._handlers.get(kind)
        if handlers is None:
            name = kind.__name__
            handlers = self._handlers[kind] = (
                getattr(type(self), f"visit_{name}", None),
                getattr(type(self), f"leave_{name}", None),
            )
        visit, leave = handlers
        if visit is None or visit(self, node) is not False:
            for child in children(node):
                self._walk(child)
        if leave is not None:
            leave(self, node)

    # -- scopes -------------------------------------------------------------------------------

    def _bind_parameters(self, params: cst.Parameters, function: Optional[FunctionInfo] = None) -> None:
        for name in parameter_names(params):
            self.scope.bind(name, None)
        positional = positional_parameters(params)
        if function is not None and function.owner is not None and positional and not function.is_staticmethod:
            self.scope.bind(positional[0].name.value, SelfReference(function.owner))

    def _push(self, params: Optional[cst.Parameters] = None) -> None:
        self.scope = Scope(self.scope)
        if params is not None:
            self._bind_parameters(params)

    def _pop(self) -> None:
        assert self.scope.parent is not None
        self.scope = self.scope.parent

    def resolve(self, node: cst.BaseExpression):
        # What a cached function runs is followed into the project's modules (helpers there).
        return NameResolver(self.scope, INSIDE, follow=True).resolve(node)

    # -- how often and whether code runs: loops multiply, branches make it conditional -----------

    def _repeat(self) -> Optional[int]:
        total: Optional[int] = 1
        for count in self._repeats:
            total = None if total is None or count is None else total * count
        return total

    def visit_For(self, node: cst.For) -> None:
        bind_target(node.target, element_of(self.resolve(node.iter)), self.scope)
        self._repeats.append(iteration_count(node.iter, self.scope))

    def leave_For(self, original_node: cst.For) -> None:
        self._repeats.pop()

    def visit_While(self, node: cst.While) -> bool:
        self._walk(node.test)
        self._repeats.append(None)
        self._walk(node.body)
        self._repeats.pop()
        if node.orelse is not None:
            self._walk(node.orelse)
        return False

    def _comprehension(self, node) -> None:
        self._push()
        clause, count, filtered = node.for_in, 1, False
        while clause is not None:
            clause_count = iteration_count(clause.iter, self.scope)
            count = None if count is None or clause_count is None else count * clause_count
            filtered = filtered or bool(clause.ifs)
            clause = clause.inner_for_in
        self._repeats.append(count)
        self._filters.append(filtered)
        self._branches += filtered

    def _leave_comprehension(self, node) -> None:
        self._repeats.pop()
        self._branches -= self._filters.pop()
        self._pop()

    def _branch(self, unconditional: list, conditional: list) -> bool:
        """Walk `unconditional` parts as they are, then `conditional` ones inside a branch."""
        for part in unconditional:
            if part is not None:
                self._walk(part)
        self._branches += 1
        for part in conditional:
            if part is not None:
                self._walk(part)
        self._branches -= 1
        return False

    def visit_If(self, node: cst.If) -> bool:
        return self._branch([node.test], [node.body, node.orelse])

    def visit_IfExp(self, node: cst.IfExp) -> bool:
        return self._branch([node.test], [node.body, node.orelse])

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> bool:
        return self._branch([node.left], [node.right])  # `a or st.slider(...)`: the right side sometimes

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._branches += 1
        if node.name is not None:
            bind_target(node.name.name, None, self.scope)

    def leave_ExceptHandler(self, original_node: cst.ExceptHandler) -> None:
        self._branches -= 1

    def visit_MatchCase(self, node: cst.MatchCase) -> None:
        self._branches += 1

    def leave_MatchCase(self, original_node: cst.MatchCase) -> None:
        self._branches -= 1

    # -- definitions: nested functions run only where they are called --------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        info = self.index.scan.function_at.get(node)
        if info is not None and info.cache is not None:
            self.scope.bind(node.name.value, info)  # a cached function of its own, checked on its own
        else:
            self.scope.bind(node.name.value, LocalFunction(node))
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.scope.bind(node.name.value, None)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        self._push(node.params)
        return node not in self._not_run

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._pop()

    def visit_Return(self, node: cst.Return) -> None:
        if isinstance(node.value, cst.Lambda):
            self._not_run.add(node.value)

    def _run_local(self, function: LocalFunction) -> None:
        if function.node in self._running:
            return
        self._running.add(function.node)
        self._push(function.node.params)
        info = self.index.scan.function_at.get(function.node)
        body = info.body_scope if info is not None else None
        if body is not None:
            self._local_bodies.append(body)
        try:
            self._walk(function.node.body)
        finally:
            self._pop()
            self._running.discard(function.node)
            if body is not None:
                self._local_bodies.pop()

    # -- comprehensions have a scope of their own ------------------------------------------------

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._comprehension(node)

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self._leave_comprehension(original_node)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._comprehension(node)

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self._leave_comprehension(original_node)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._comprehension(node)

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self._leave_comprehension(original_node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._comprehension(node)

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self._leave_comprehension(original_node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        bind_target(node.target, element_of(self.resolve(node.iter)), self.scope)

    # -- bindings ------------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Lambda):
            self._not_run.add(node.value)
        self._state_writes.update(target.target for target in node.targets)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._state_writes.add(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._state_writes.add(node.target)

    def leave_Assign(self, original_node: cst.Assign) -> None:
        value = self._assigned_value(original_node.value)
        for target in original_node.targets:
            self._assign(target.target, value, original_node.value)

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        if original_node.value is not None:
            self._assign(original_node.target, self._assigned_value(original_node.value), original_node.value)

    def leave_AugAssign(self, original_node: cst.AugAssign) -> None:
        self._assign(original_node.target, None)

    def leave_NamedExpr(self, original_node: cst.NamedExpr) -> None:
        self._assign(original_node.target, self.resolve(original_node.value))

    def visit_Del(self, node: cst.Del) -> None:
        self._state_writes.add(node.target)
        self._record_state_write(node.target)

    def visit_With(self, node: cst.With) -> bool:
        entered = 0
        for item in node.items:
            self._walk(item.item)
            value = self.resolve(item.item)
            if isinstance(value, Container):
                entered += 1
                if value.origin in (SIDEBAR, OUTSIDE):
                    self._record(WITH_CONTAINER, value.created_by, item.item, container=value)
            if item.asname is not None:
                bind_target(item.asname.name, value, self.scope)
        self._container_blocks += entered
        self._walk(node.body)
        self._container_blocks -= entered
        return False

    def _assigned_value(self, value: cst.BaseExpression):
        if isinstance(value, cst.Lambda):
            return LocalFunction(value)
        return self.resolve(value)

    def _assign(self, target: cst.BaseExpression, value, expression: Optional[cst.BaseExpression] = None) -> None:
        if isinstance(target, (cst.Subscript, cst.Attribute)):
            self._record_state_write(target)
        else:
            bind_target(target, value, self.scope)
            if isinstance(target, cst.Name) and expression is not None:
                self.scope.constants[target.value] = expression

    def _record_state_write(self, target: cst.BaseExpression) -> None:
        targets = target.elements if isinstance(target, (cst.Tuple, cst.List)) else ()
        for element in targets:
            self._record_state_write(element.value)
        if isinstance(target, (cst.Subscript, cst.Attribute)):
            state = self._state_object(target.value)
            if state is not None:
                self._record(STATE_WRITE, state, target)

    def _state_object(self, node: cst.BaseExpression) -> Optional[str]:
        """ "session_state" or "query_params" when `node` is that object or a value kept in it
        (`st.session_state.history`, `st.session_state["log"][0]`), else None."""
        while True:
            value = self.resolve(node)
            if isinstance(value, Imported) and value.streamlit_name is not None:
                head = value.streamlit_name.split(".")[0]
                return head if head in streamlit_api.STATE_OBJECTS else None
            if not isinstance(node, (cst.Subscript, cst.Attribute)):
                return None
            node = node.value

    def _in_place_state_change(self, node: cst.Call) -> bool:
        """`st.session_state.history.append(x)`: a write of session state that runs only on a miss
        (STC105), not a read of it."""
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in IN_PLACE_MUTATORS:
            return False
        state = self._state_object(func.value)
        if state is None:
            return False
        self._state_writes.add(func)
        self._record(STATE_WRITE, state, node)
        return True

    # -- reads of session state, request data and module variables (§1.7) ------------------------

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if not self._request_read(node):
            self._walk(node.value)  # `node.attr` is no variable
        return False

    def visit_Subscript(self, node: cst.Subscript) -> Optional[bool]:
        if self._request_read(node):
            for element in node.slice:
                self._walk(element)
            return False
        return None

    def visit_Name(self, node: cst.Name) -> None:
        if not self._request_read(node) and self._module_variable(node.value):
            self._record(GLOBAL_READ, node.value, node)

    def visit_Arg(self, node: cst.Arg) -> bool:
        self._walk(node.value)  # the keyword is no variable
        return False

    def visit_Global(self, node: cst.Global) -> bool:
        return False  # a declaration, not a read

    def visit_Nonlocal(self, node: cst.Nonlocal) -> bool:
        return False

    def visit_Param(self, node: cst.Param) -> bool:
        for part in (node.annotation, node.default):
            if part is not None:
                self._walk(part)
        return False

    def _request_read(self, node: cst.BaseExpression) -> bool:
        """Record `st.session_state.key`, `st.user["email"]` or a bare `st.context` as one read."""
        if node in self._state_writes:
            return True  # an assignment target, or a call recorded already
        if not self.index.may_read_request_data:
            return False
        base = node.value if isinstance(node, (cst.Attribute, cst.Subscript)) else None
        for candidate in (base, node):
            if candidate is None or candidate in self._state_writes:
                continue
            value = self.resolve(candidate)
            if isinstance(value, Imported) and value.streamlit_name in streamlit_api.REQUEST_DATA:
                self._record(REQUEST_READ, value.streamlit_name, node)
                return True
        return False

    def _module_variable(self, name: str) -> bool:
        """True when `name` here is a variable of the module (not a local, import, function or class)."""
        module = self.index.scan.module_scope
        bodies = [self.function.body_scope, *self._local_bodies]
        if any(body is not None and name in body.local_names for body in bodies):
            return False
        scope: Optional[Scope] = self.scope
        while scope is not None and scope is not module:
            if name in scope.bindings or name in scope.local_names:
                return False
            scope = scope.parent
        if scope is not module or name not in module.bindings:
            return False
        value = module.bindings[name]  # unknown, or an attribute of request data (`email = st.user.email`)
        return value is None or (
            isinstance(value, Imported)
            and value.streamlit_name is not None
            and value.streamlit_name.split(".")[0] in streamlit_api.REQUEST_DATA
        )

    # -- calls ---------------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        if self._in_place_state_change(node):
            for arg in node.args:
                self._argument(arg)
            return
        callee = self.resolve(node.func)
        called = streamlit_call(callee, self.index.extra_widgets)
        if called is not None:
            self._streamlit_call(called, node)
        elif isinstance(callee, LocalFunction):
            self._run_local(callee)
        elif isinstance(callee, FunctionInfo) and callee.opens_dialog:
            self._record(CALL, DIALOG, node)  # its body runs in the dialog, not in the cached call
        elif isinstance(callee, FunctionInfo) and callee.cache is None:
            self._call_helper(callee, node)
        for arg in node.args:
            self._argument(arg)

    def _streamlit_call(self, called: StreamlitCall, node: cst.Call) -> None:
        if called.is_component:
            self._record(COMPONENT, called.name, node)
            return
        if called.container is not None:
            self._record(CALL, called.name, node, container=called.container)
            return
        name = called.name
        state, _, method = name.partition(".")
        if state in streamlit_api.STATE_OBJECTS and method in streamlit_api.STATE_MUTATORS:
            self._state_writes.add(node.func)
            self._record(STATE_WRITE, state, node)
        else:
            self._record(CALL, name, node)
            if state in streamlit_api.REQUEST_DATA and (method or name == "experimental_get_query_params"):
                self._state_writes.add(node.func)  # `st.session_state.get("k")`: the call is the read
                self._record(REQUEST_READ, state, node)

    def _argument(self, arg: cst.Arg) -> None:
        """Functions passed to a call usually run there (`map(f, xs)`); callbacks run later."""
        if arg.keyword is not None and arg.keyword.value in streamlit_api.CALLBACK_KEYWORDS:
            if isinstance(arg.value, cst.Lambda):
                self._not_run.add(arg.value)
            return
        if isinstance(arg.value, cst.Name):
            value = self.resolve(arg.value)
            if isinstance(value, LocalFunction):
                self._run_local(value)

    def _call_helper(self, helper: FunctionInfo, call: cst.Call) -> None:
        repeat, conditional = self._repeat(), self._branches > 0
        index = self.index.index_for(helper)
        via = Helper(helper.name, helper.module if index is not self.index else None)
        for effect in index.effects_of(helper):
            self.effects.append(
                replace(
                    effect,
                    anchor=call,
                    via=HelperChain(via, effect.via),
                    repeat=None if repeat is None or effect.repeat is None else repeat * effect.repeat,
                    conditional=conditional or effect.conditional,
                    in_container_block=self._container_blocks > 0 or effect.in_container_block,
                )
            )

    def _record(self, kind: str, name: str, node: cst.CSTNode, container: Optional[Container] = None) -> None:
        self.effects.append(
            Effect(
                kind,
                name,
                node,
                anchor=node,
                container=container,
                repeat=self._repeat(),
                conditional=self._branches > 0,
                scope=self.scope,
                in_container_block=self._container_blocks > 0,
            )
        )
