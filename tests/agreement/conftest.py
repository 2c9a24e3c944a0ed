"""One run of the whole app set per oracle release, shared by the agreement tests."""

from __future__ import annotations

import pytest

from .compare import Observation, observe_all


@pytest.fixture(scope="session")
def observations() -> dict[tuple[str, str], Observation]:
    return observe_all()
