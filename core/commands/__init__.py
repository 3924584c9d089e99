"""Engine commands of the CLI, one module each (inspect, check, report).

Each module defines ``COMMAND: core.cli.Command`` and ``NAME``; ``core.cli``
lists them explicitly in ``COMMAND_MODULES`` so the registry is never filled
as a side effect of some other import.
"""
