"""Small user preferences kept between sessions (recent projects, the window's place)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

MAX_RECENT = 8


class RecentProjects:
    def __init__(self, config_dir: Path) -> None:
        self.file = config_dir / "recente_projecten.json"

    def list(self) -> list[Path]:
        try:
            items = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [Path(p) for p in items if isinstance(p, str)]

    def existing(self) -> list[Path]:
        return [p for p in self.list() if p.is_file()]

    def add(self, path: Path) -> None:
        path = Path(path).resolve()
        items = [p for p in self.list() if p != path]
        self._write([path, *items][:MAX_RECENT])

    def remove(self, path: Path) -> None:
        self._write([p for p in self.list() if p != Path(path).resolve()])

    def _write(self, items: list[Path]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self.file.write_text(json.dumps([str(p) for p in items], indent=1), encoding="utf-8")


# The window's first size where it fits: roomy on a large screen, never taller or wider than
# the screen (1366×768 is the common municipal laptop).
PREFERRED_WINDOW = (1280, 860)
FRAME_ALLOWANCE = (16, 40)  # title bar and borders the system adds around the window


@dataclass(frozen=True)
class Place:
    x: int
    y: int
    width: int
    height: int
    maximized: bool = False


def fit_window(saved: Place | None, screen: tuple[int, int, int, int]) -> Place:
    """Where the main window opens on a screen's available area ``(x, y, width, height)``:
    the saved place when it still fits, else the preferred size centred, maximized when the
    screen is smaller than that."""
    sx, sy, sw, sh = screen
    room_w, room_h = sw - FRAME_ALLOWANCE[0], sh - FRAME_ALLOWANCE[1]
    if saved is not None:
        if saved.maximized:
            return Place(sx, sy, room_w, room_h, maximized=True)
        inside = (sx <= saved.x and sy <= saved.y and saved.x + saved.width <= sx + sw
                  and saved.y + saved.height <= sy + sh)
        if inside and saved.width <= room_w and saved.height <= room_h:
            return saved
    width, height = PREFERRED_WINDOW
    if width > room_w or height > room_h:
        return Place(sx, sy, room_w, room_h, maximized=True)
    return Place(sx + (sw - width) // 2, sy + (sh - height) // 2, width, height)


class WindowPlaces:
    """The main window's last place and size, kept in the settings folder."""

    def __init__(self, config_dir: Path) -> None:
        self.file = config_dir / "venster.json"

    def load(self) -> Place | None:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            return Place(int(data["x"]), int(data["y"]), int(data["width"]),
                         int(data["height"]), bool(data.get("maximized", False)))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, place: Place) -> None:
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self.file.write_text(json.dumps(asdict(place)), encoding="utf-8")
        except OSError:
            pass  # a lost window size is not worth an error on closing
