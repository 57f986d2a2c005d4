"""The Textual app: screens, modals, widgets and one stylesheet."""
