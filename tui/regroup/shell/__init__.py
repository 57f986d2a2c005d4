"""The commands of the command line (``regroup-tui add``, ``init``, ``status``...): none imports
Textual. ``regroup.cli`` parses the arguments and calls them."""
