"""Helpers the tests share, imported as ``tests.helpers.<module>`` (fixtures stay in the conftest.py
files): data (PASSWORD, the ``mini`` checklist, pictures), docs and pdf (documents made and read
back), home (a home reached from outside CivDesk), org (certificate and scope cases), exchange, hub,
hostile_inputs, and for the GUI qt (show, keys), walk and signoff."""
