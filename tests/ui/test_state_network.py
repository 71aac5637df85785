"""Whether the app is opened on this machine: the banner and review links depend on it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import ui.state


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        (None, True),
        ("http://127.0.0.1:8501/", True),
        ("http://localhost:8501/plan", True),
        ("http://[::1]:8501/", True),
        ("http://192.0.2.10:8501/", False),
        ("https://workbench.example.org/", False),
    ],
)
def test_only_this_machines_addresses_count_as_loopback(
    monkeypatch: pytest.MonkeyPatch, url: str | None, loopback: bool
) -> None:
    fake = SimpleNamespace(context=SimpleNamespace(url=url))
    monkeypatch.setattr(ui.state, "st", fake)
    assert ui.state.opened_on_loopback() is loopback
