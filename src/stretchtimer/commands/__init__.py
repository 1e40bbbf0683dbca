"""One module per CLI subcommand, each with ``add_arguments`` and ``run``."""
