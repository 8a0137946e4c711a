"""QuickBooks Desktop through the QuickBooks Web Connector (SOAP, qbXML, a request ledger)."""
