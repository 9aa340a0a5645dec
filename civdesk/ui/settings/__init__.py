"""The settings (设置) screen: preferences, trusted roots, hub sync and backups."""
