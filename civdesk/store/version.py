"""The schema version a current CivDesk expects: the number of migrations in schema.py.

Kept apart from schema.py so that opening an up-to-date database needs no sqlite-utils import;
schema.py refuses to load if a migration was added without raising this number.
"""

SCHEMA_VERSION = 15
