"""Can a window open here? Checked before Qt is imported, because Qt aborts ("Aborted", nothing else)
when its xcb platform plugin cannot load, which happens on desktops without libxcb-cursor0 and friends
(common on Ubuntu since PySide6 6.5). Imports no Qt module.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Shared libraries Qt's xcb plugin and QtGui load -> the Debian/Ubuntu package that ships them.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}
HEADLESS_HINT = (
    "without a window: `python main.py process 0` runs the kiosk on camera 0 headless, "
    "or set QT_QPA_PLATFORM=offscreen"
)
_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def qt_libraries() -> list[Path]:
    """The PySide6 files whose dependencies decide whether the xcb window opens (without importing PySide6)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return []
    root = Path(spec.origin).parent
    candidates = [root / "Qt" / "plugins" / "platforms" / "libqxcb.so", root / "Qt" / "lib" / "libQt6XcbQpa.so.6",
                  root / "Qt" / "lib" / "libQt6Gui.so.6"]
    return [path for path in candidates if path.is_file()]


def missing_libraries(files: list[Path]) -> list[str]:
    """Shared libraries that ``files`` need and the dynamic loader cannot find (``ldd``), in order, once each."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    missing: list[str] = []
    for path in files:
        try:
            output = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        missing += [name for name in dict.fromkeys(_NOT_FOUND.findall(output)) if name not in missing]
    return missing


def install_hint(missing: list[str]) -> str:
    """What to do about ``missing`` libraries: the exact apt-get line, and any library of unknown package."""
    packages = sorted({DEBIAN_PACKAGES[name] for name in missing if name in DEBIAN_PACKAGES})
    unknown = [name for name in missing if name not in DEBIAN_PACKAGES]
    lines = []
    if packages:
        lines.append(f"install them with:  sudo apt-get install -y {' '.join(packages)}")
    if unknown:
        lines.append(f"find the package of {', '.join(unknown)} with `apt-file search NAME` (or your distribution's equivalent)")
    return "\n".join(lines)


def window_problem(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Why the desktop window cannot open here, with what to do; None when nothing stands in its way.

    Only Linux's X11 path is checked: elsewhere (and for an explicit non-xcb ``QT_QPA_PLATFORM``) Qt
    reports for itself.
    """
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None
    if not chosen and not env.get("DISPLAY"):
        if env.get("WAYLAND_DISPLAY"):
            return None  # Qt picks its Wayland plugin
        return f"no display (DISPLAY and WAYLAND_DISPLAY are unset): start the app on a desktop or under Xvfb; {HEADLESS_HINT}"
    missing = missing_libraries(qt_libraries())
    if not missing:
        return None
    return (
        f"Qt's X11 window plugin (xcb) cannot load: this system lacks {', '.join(missing)}\n"
        f"{install_hint(missing)}\n{HEADLESS_HINT}"
    )
