"""``python -m cafcass_kg.cli``: the command, as the console script runs it."""

from cafcass_kg.cli import main

main()
