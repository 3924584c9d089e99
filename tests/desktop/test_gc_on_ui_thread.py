"""Garbage with Qt objects in it is only collected on the UI thread: a worker thread that
frees a widget crashes the app (it did, in a test run, during a report preview)."""

from __future__ import annotations

import gc
import weakref

import pytest

from desktop.app import create_application

pytestmark = pytest.mark.gui


class _Node:
    pass


def test_collection_is_left_to_a_ui_thread_timer(qtbot):
    create_application()
    assert not gc.isenabled()  # no automatic collection in whatever thread allocates

    node = _Node()
    node.self = node  # a cycle: only the cycle collector frees it
    alive = weakref.ref(node)
    del node
    # Make a collection due with a wide margin: frees of older objects while the timer waits
    # lower the young-generation count again (a margin of 10 once timed out on CI).
    allocated = [_Node() for _ in range(gc.get_threshold()[0] * 10)]
    qtbot.waitUntil(lambda: alive() is None, timeout=3000)
    assert allocated
