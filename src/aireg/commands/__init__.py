"""Subcommands of the ``aireg`` command, one module each (see ``aireg.cli``)."""
