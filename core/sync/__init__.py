"""The provider-blind sync engine: runs, checkpoints, write intents, fenced tokens."""
