"""Face-recognition attendance kiosk: the entry point (command line and desktop app)."""
import os
import sys

# Before any math library loads: OpenMP's waiting workers sleep instead of spinning, so the kiosk keeps its
# speed beside other programs (`bench beside`: 63 % of its frame rate beside a CPU-bound program, against 32 %;
# docs/figures.md). Set the variable yourself to choose otherwise.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from cli.app import main  # after the environment it needs

if __name__ == "__main__":
    sys.exit(main())
