"""Invoices, estimates and payments of the local books."""
