"""promo-planner: personal promotion planning for software engineers.

Importing the package loads nothing heavy: the TUI (Textual) is imported only when it is launched.
"""

__version__ = "0.1.0"
