"""regroup-tui: a kanban board of self-improvement activities beside a no-contact countdown."""

__version__ = "0.1.0"
