"""Before Qt starts on Linux: is there a display, and can Qt's X11 platform plugin load?

Without them Qt aborts the process ("could not load the Qt platform plugin xcb") with no hint of
what to install. A fresh Debian desktop lacks several small xcb libraries that PySide6's wheel
does not carry, so they are tried here first (dlopen, no Qt, no subprocess) and a missing one is
named with the one ``apt-get install`` line that fixes it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

# The shared libraries Qt's xcb plugin (libqxcb.so, libQt6XcbQpa.so) needs from the system, and the
# Debian/Ubuntu package of each. The README's install line is the same list.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def missing_packages(libraries: Mapping[str, str] | None = None) -> list[str]:
    """The packages whose library cannot be loaded (of XCB_LIBRARIES by default), in table order."""
    import ctypes

    missing = []
    for soname, package in (XCB_LIBRARIES if libraries is None else libraries).items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def problem(env: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why the desktop window cannot open here, or None when it can (or when this is not Linux).

    Only the xcb platform is checked: offscreen, wayland, vnc… bring what they need or fail clearly.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen and chosen != "xcb":
        return None
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None  # Qt takes its Wayland plugin first on a Wayland session
    if not env.get("DISPLAY"):
        return (
            "no display to open the window on (DISPLAY is not set); start CivDesk from the desktop, "
            "or use the command line (civdesk --help)"
        )
    missing = missing_packages()
    if missing:
        return (
            "the desktop window needs X11 libraries this system lacks; install them with: "
            "sudo apt-get install " + " ".join(missing)
        )
    return None
