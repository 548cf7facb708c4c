"""`python -m backhip_learn` runs the CLI."""

from backhip_learn.cli import main

main()
