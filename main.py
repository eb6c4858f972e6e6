"""Face-recognition attendance kiosk: the entry point (command line and desktop app)."""
import sys

from cli.app import main

if __name__ == "__main__":
    sys.exit(main())
