"""The methods that change a container in place: what a mutation of a shared object (STC208) or of a
session-state value (STC105) is made of."""

from __future__ import annotations

# Methods that only containers have: always a mutation.
CONTAINER_MUTATORS = frozenset(
    {"append", "extend", "insert", "sort", "reverse", "setdefault", "popitem", "appendleft", "extendleft", "popleft"}
    | {"difference_update", "intersection_update", "symmetric_difference_update"}
)
# Mutating methods of containers whose names other classes use for other things (`db.add(row)`).
AMBIGUOUS_MUTATORS = frozenset({"add", "update", "pop", "remove", "clear", "discard", "rotate"})
