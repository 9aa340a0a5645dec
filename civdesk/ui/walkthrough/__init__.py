"""The walkthrough screen: one inspection answered item by item (the page, its item card, answer
editors, evidence, section tree, submit panel and the autosave behind them)."""
