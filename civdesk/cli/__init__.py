"""The ``civdesk`` command line: the same services as the GUI, one module per command group.

main.py builds the parser and turns refusals into one line and an exit status; common.py holds what
every command shares; text.py words the output in the language of --lang.
"""

from .main import gui_main, main

__all__ = ["gui_main", "main"]
