"""Provider integrations: one package per accounting system, plus the shared provider contract."""
