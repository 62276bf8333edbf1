"""``python -m newsledger`` runs the command-line interface."""

from newsledger.cli import main

main()
