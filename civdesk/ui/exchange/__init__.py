"""Moving records between homes: the 数据 menu, the export and import dialogs and settling conflicts."""
