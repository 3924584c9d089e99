"""Entry script of the frozen app (PyInstaller needs a file, not a console_scripts entry).

A start without a command (a double-click on the app or on a project file) shows the splash
before anything else is imported, so the user sees an answer at once.
STUURWIJZER_BUNDLE_CHECK=1 runs build_scripts/bundle_check.py inside the bundle instead.
"""

import os
import sys


def _matplotlib_config_dir() -> None:
    # The spec drops PyInstaller's matplotlib run-time hook, which points MPLCONFIGDIR at a new
    # temporary folder on every start: every first chart would rebuild the font cache. Keep it
    # in the user cache folder (under STUURWIJZER_HOME when that is set, like core.paths).
    if "MPLCONFIGDIR" in os.environ:
        return
    from core.paths import APP_NAME, HOME_ENV

    if os.environ.get(HOME_ENV):
        cache = os.path.join(os.path.expanduser(os.environ[HOME_ENV]), "cache")
    else:
        import platformdirs

        cache = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    os.environ["MPLCONFIGDIR"] = os.path.join(cache, "matplotlib")


if os.environ.get("STUURWIJZER_BUNDLE_CHECK"):
    from bundle_check import main as check_bundle

    _matplotlib_config_dir()
    raise SystemExit(check_bundle())

if len(sys.argv) == 1 or (len(sys.argv) == 2 and os.path.isfile(sys.argv[1])):
    from desktop.startup import show_splash

    show_splash()

_matplotlib_config_dir()

from desktop.app import main  # noqa: E402

raise SystemExit(main())
