"""The store: the only package that imports TinyDB."""

from regroup.store.store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
