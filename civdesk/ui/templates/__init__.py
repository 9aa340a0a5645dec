"""The templates (检查表) screen: the editor, its document model and forms, and the blank form."""
