"""Small user preferences kept between sessions (recent projects)."""

from __future__ import annotations

import json
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
