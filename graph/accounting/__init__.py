"""Accounting connections, their settings, mappings and the sync operations."""
