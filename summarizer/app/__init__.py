"""The run job: settings, rewriting posts (`pipeline`), the report and exit codes, signals and progress."""
