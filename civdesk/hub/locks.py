"""The hub's PostgreSQL advisory lock ids, apart from hub/db.py so that modules db migrates with
(orgroot) take them without importing db back."""

MIGRATION_LOCK = 7_420_150_001  # advisory lock id: migrations
WRITE_LOCK = 7_420_150_002  # advisory lock id: records get their change numbers in commit order
