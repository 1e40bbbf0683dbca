"""Routine files: the model, the strict YAML loader, durations and the routine library."""
