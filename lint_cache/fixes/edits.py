"""libcst edits the fixes are made of: rename a decorator (and its import), drop keyword arguments,
rename a parameter in a function. Each returns edits of nodes of the parsed module; everything
outside the edited nodes, comments and formatting included, is left as it was."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from lint_cache.diagnostics import Edit, Fix
from lint_cache.facts import ModuleFacts
from lint_cache.facts.meanings import CacheUse, Imported
from lint_cache.facts.parameters import parameter_names
from lint_cache.facts.walk import name_reads
from lint_cache.knowledge import streamlit_api


def replace_decorator(
    facts: ModuleFacts, cache: CacheUse, new_name: str, drop: frozenset[str] = frozenset()
) -> list[Edit]:
    """Edits that turn the cache decorator into `new_name` (`st.cache` → `st.cache_data`) and drop
    the keyword arguments named in `drop`; empty when the spelling cannot be edited safely."""
    call = cache.call
    spelled = call.func if call is not None else cache.callee
    renamed = _renamed_reference(facts, spelled, new_name)
    if renamed is None:
        return []
    new_spelled, import_edits = renamed
    if call is None:
        return [(spelled, new_spelled), *import_edits] if new_spelled is not spelled else import_edits
    kept = [arg for arg in call.args if arg.keyword is None or arg.keyword.value not in drop]
    return [(call, _call_or_bare(cache, call, new_spelled, kept)), *import_edits]


def remove_opt_in(cache: CacheUse) -> Optional[Fix]:
    """The fix that removes `experimental_allow_widgets` from the decorator (STC103, STC104); none
    when the decorator object was made in another module (its options are that module's)."""
    if cache.defined_in is not None:
        return None
    return Fix(
        "Remove `experimental_allow_widgets`",
        safe=True,
        edits=lambda: drop_keywords(cache, frozenset({streamlit_api.ALLOW_WIDGETS_OPTION})),
    )


def drop_keywords(cache: CacheUse, names: frozenset[str]) -> list[Edit]:
    """Edits that remove the decorator's keyword arguments named in `names`."""
    call = cache.call
    if call is None:
        return []
    kept = [arg for arg in call.args if arg.keyword is None or arg.keyword.value not in names]
    return [(call, _call_or_bare(cache, call, call.func, kept))]


def rename_parameter(function: cst.FunctionDef, old: str, new: str) -> list[Edit]:
    """Edits that rename a parameter and every use of it in the function's body, leaving nested
    functions and lambdas that bind the same name alone."""
    return [(function, function.visit(_RenameLocal(old, new)))]


def _call_or_bare(cache: CacheUse, call: cst.Call, func: cst.BaseExpression, args: list[cst.Arg]) -> cst.BaseExpression:
    """The call with new callee and arguments; a decorator left with no arguments loses its
    parentheses (`@st.cache_data`), anything else keeps them."""
    if not args and isinstance(cache.node, cst.Decorator) and cache.node.decorator is call:
        return func
    if args and call.args and args[-1] is not call.args[-1]:
        # The new last argument takes the removed last one's comma, which ends the line before `)`;
        # a comment there was about the removed argument and goes with it.
        args[-1] = args[-1].with_changes(comma=_without_comment(call.args[-1].comma))
    return call.with_changes(func=func, args=args)


def _without_comment(comma):
    if isinstance(comma, cst.Comma) and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace):
        first_line = comma.whitespace_after.first_line.with_changes(whitespace=cst.SimpleWhitespace(""), comment=None)
        return comma.with_changes(whitespace_after=comma.whitespace_after.with_changes(first_line=first_line))
    return comma


def _renamed_reference(
    facts: ModuleFacts, spelled: cst.BaseExpression, new_name: str
) -> Optional[tuple[cst.BaseExpression, list[Edit]]]:
    """The reference `spelled` renamed to `new_name`, with the import edits that needs."""
    if isinstance(spelled, cst.Attribute):
        return spelled.with_changes(attr=cst.Name(new_name)), []
    if not isinstance(spelled, cst.Name) or spelled.value not in facts.scan.from_imports:
        return None
    statement, alias = facts.scan.from_imports[spelled.value]
    if alias.asname is not None:  # `from streamlit import experimental_memo as memo`: rename the import only
        return spelled, [(statement, _with_alias_renamed(statement, alias, new_name))]
    already_imported = facts.scan.module_scope.lookup(new_name) == Imported(f"streamlit.{new_name}")
    if facts.scan.module_scope.binds(new_name) and not already_imported:
        return None  # importing `new_name` would shadow the module's own name
    still_used = _references(facts.module, spelled.value, excluding=spelled) > 0
    aliases = list(statement.names) if isinstance(statement.names, (list, tuple)) else []
    if not still_used:
        aliases.remove(alias)
    if not already_imported:
        aliases.append(cst.ImportAlias(name=cst.Name(new_name)))
    if not aliases:
        return cst.Name(new_name), [(spelled, cst.Name(new_name)), (statement, None)]
    return cst.Name(new_name), [(spelled, cst.Name(new_name)), (statement, _with_aliases(statement, aliases))]


def _with_alias_renamed(statement: cst.ImportFrom, alias: cst.ImportAlias, new_name: str) -> cst.ImportFrom:
    names = [item.with_changes(name=cst.Name(new_name)) if item is alias else item for item in statement.names]
    return statement.with_changes(names=names)


def _with_aliases(statement: cst.ImportFrom, aliases: list[cst.ImportAlias]) -> cst.ImportFrom:
    """The import with a new list of names, keeping the original's separators and trailing comma."""
    original = list(statement.names)
    trailing = original[-1].comma
    separator = next(
        (item.comma for item in original[:-1] if isinstance(item.comma, cst.Comma)),
        cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
    )
    fixed = []
    for index, alias in enumerate(aliases):
        if index == len(aliases) - 1:
            comma = trailing
        else:
            comma = alias.comma if isinstance(alias.comma, cst.Comma) else separator
        fixed.append(alias.with_changes(comma=comma))
    return statement.with_changes(names=fixed)


def _references(module: cst.Module, name: str, excluding: cst.CSTNode) -> int:
    """Uses of `name` in the module other than `excluding` (import lines do not count)."""
    return sum(1 for use in name_reads(module) if use.value == name and use is not excluding)


class _RenameLocal(cst.CSTTransformer):
    """Renames a function's parameter and the names that refer to it, scope-aware."""

    def __init__(self, old: str, new: str):
        self.old = old
        self.new = new
        self._depth = 0  # nested functions and lambdas that rebind the name
        self._top: Optional[cst.CSTNode] = None

    def _rebinds(self, params: cst.Parameters) -> bool:
        return self.old in parameter_names(params)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._top is None:
            self._top = node
        elif self._rebinds(node.params):
            self._depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        if original_node is not self._top and self._rebinds(original_node.params):
            self._depth -= 1
        return updated_node

    def visit_Lambda(self, node: cst.Lambda) -> None:
        if self._rebinds(node.params):
            self._depth += 1

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.Lambda:
        if self._rebinds(original_node.params):
            self._depth -= 1
        return updated_node

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False  # a class body is its own scope; its methods have their own `self`

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return False  # the object is renamed in leave_Attribute; the attribute name never: `x.self` stays

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.Attribute:
        return updated_node.with_changes(value=original_node.value.visit(self))

    def visit_Arg(self, node: cst.Arg) -> None:
        return None

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)  # `f(self=1)` keeps its keyword

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if self._depth == 0 and original_node.value == self.old:
            return updated_node.with_changes(value=self.new)
        return updated_node
