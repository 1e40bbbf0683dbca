"""Session history: the SQLite store, the recorder that feeds it, and pure statistics."""
