"""Xero Accounting 2.0 integration: OAuth, API client, mapping, webhooks and the local simulator."""
