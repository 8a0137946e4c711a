"""Customers and items of the local books."""
