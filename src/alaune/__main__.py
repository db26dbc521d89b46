"""`python -m alaune` is the `alaune` command."""

from alaune.cli import main

main()
