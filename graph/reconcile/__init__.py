"""The reconciliation domain: reports comparing local receivables with the platform's."""
