"""``python -m regiograph`` runs the command line."""

from regiograph.cli import main

if __name__ == "__main__":
    main()
