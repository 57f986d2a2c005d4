"""The domain: plain Python, no Textual, no TinyDB."""
