"""The rectifications (整改) screen: the list, its model and the actions on one rectification."""
