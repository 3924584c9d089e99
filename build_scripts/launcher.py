"""Entry script of the frozen app (PyInstaller needs a file, not a console_scripts entry).

A start without a command (a double-click on the app or on a project file) shows the splash
before anything else is imported, so the user sees an answer at once.
STUURWIJZER_BUNDLE_CHECK=1 runs build_scripts/bundle_check.py inside the bundle instead.
"""

import os
import sys

if os.environ.get("STUURWIJZER_BUNDLE_CHECK"):
    from bundle_check import main as check_bundle

    raise SystemExit(check_bundle())

if len(sys.argv) == 1 or (len(sys.argv) == 2 and os.path.isfile(sys.argv[1])):
    from desktop.startup import show_splash

    show_splash()

from desktop.app import main  # noqa: E402

raise SystemExit(main())
