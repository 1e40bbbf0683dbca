"""Running a routine: the plan (flat timeline), the drift-free engine and its events."""
