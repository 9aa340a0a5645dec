"""The review screen: one inspection read, signed off or returned, its certificate, audit trail and
the sign dialog."""
