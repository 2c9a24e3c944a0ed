"""A function's parameters, grouped by what binds them: positional arguments, keyword arguments,
or the rest (`*args`, `**kwargs`). Facts, rules and fixes all read parameter lists from here."""

from __future__ import annotations

from typing import Optional

import libcst as cst


def positional_parameters(params: cst.Parameters) -> list[cst.Param]:
    """The parameters a positional argument binds, in order: positional-only, then ordinary."""
    return [*params.posonly_params, *params.params]


def keyword_parameters(params: cst.Parameters) -> list[cst.Param]:
    """The parameters a keyword argument binds: ordinary, then keyword-only."""
    return [*params.params, *params.kwonly_params]


def star_args(params: cst.Parameters) -> Optional[cst.Param]:
    """`*args`, or None (also for a bare `*`)."""
    return params.star_arg if isinstance(params.star_arg, cst.Param) else None


def all_parameters(params: cst.Parameters, stars: bool = False) -> list[cst.Param]:
    """The parameters in order: positional-only, ordinary, keyword-only; with `stars`, *args and **kwargs too."""
    found = [*positional_parameters(params), *params.kwonly_params]
    if stars:
        found += [star for star in (params.star_arg, params.star_kwarg) if isinstance(star, cst.Param)]
    return found


def parameter_names(params: cst.Parameters) -> frozenset[str]:
    """The names every parameter binds in the function's body, *args and **kwargs included."""
    return frozenset(param.name.value for param in all_parameters(params, stars=True))
