"""Keep a fault of the Qt binding from aborting Python (issue 17, "none_dealloc" on quit).

PySide6 6.12.0 on Python 3.11 hands back None from every void Qt method, and True from
``Signal.emit()``, without taking a reference for it: it treats these objects as immortal,
which they are only from Python 3.12 on (PEP 683). So each such call costs None (or True)
one reference. The app's libraries hold tens of thousands, so a short session survives;
but the debt grows with every click, and once it passes what is left when the interpreter
tears itself down, Python aborts with "Fatal Python error: none_dealloc" at exit (or,
after a very long session, in the middle of the work). PySide6 6.11.3 does not do this.

``pin_singletons`` does what Python 3.12 does: it gives None, True and False a reference
count no session can use up. It acts only when the fault is measured, on CPython < 3.12.
"""

from __future__ import annotations

import ctypes
import platform
import sys

PROBE_CALLS = 64
# Python 3.12's immortal count is 2**32 - 1; this many lost references is more than a
# session could ever make, and far from the top of ob_refcnt (a Py_ssize_t).
PINNED_REFERENCES = 1 << 32
SINGLETONS = (None, True, False)


def binding_drops_references() -> bool:
    """True when void Qt calls or emit() lose references to None or True (measured)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("")  # a void method: returns None
        probe.objectNameChanged.emit("")  # emit() returns True
    lost_none = none_before - sys.getrefcount(None)
    lost_true = true_before - sys.getrefcount(True)
    return max(lost_none, lost_true) >= PROBE_CALLS // 2


def pin_singletons() -> bool:
    """Make None, True and False immortal when the binding needs it. True when it acted
    (once per process: later calls find them pinned)."""
    if sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False  # immortal already; elsewhere there is no ob_refcnt to set
    if not binding_drops_references():
        return False
    acted = False
    for obj in SINGLETONS:
        # CPython keeps an object's reference count in its first field, at id(obj); the
        # GIL is held here, so nothing changes it between the read and the write.
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < PINNED_REFERENCES:
            count.value += PINNED_REFERENCES
            acted = True
    return acted
