"""QuickBooks Online provider: OAuth, Accounting API v3 client, mapping, webhooks, simulator."""
