"""Background jobs (arq): the worker settings, its lifecycle and thin jobs over core."""
