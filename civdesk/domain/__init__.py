"""CivDesk's pure rules: templates, scoring, workflow, rectification, audit chain.

Nothing in this package imports Qt, SQLite, ReportLab or touches files; tests/domain proves it.
"""
