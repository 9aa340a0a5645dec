"""The inspections screen: the list with its filters, and the new-inspection dialog."""
