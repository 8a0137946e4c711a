"""Sync runs, their progress, and the audit trail."""
