"""Entry point of the frozen (PyInstaller) CivDesk: the same `civdesk` command line and GUI."""

import sys

from civdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
