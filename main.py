"""Face-recognition attendance kiosk: the entry point (command line and desktop app)."""
import atexit
import os
import sys
import threading
from typing import NoReturn

# Before any math library loads: OpenMP's waiting workers sleep instead of spinning, so the kiosk keeps its
# speed beside other programs (`bench beside`, with torch on the CPU: 63 % of its frame rate beside a CPU-bound
# program, against 32 %; docs/figures.md). Set the variable yourself to choose otherwise.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from cli.app import main


def entry() -> NoReturn:
    """Run the command line or the app, then leave without tearing the interpreter down: the threads still
    working finish, every exit handler runs (logging, temporary folders, thread pools) and the output is
    flushed, as at a normal exit; only the freeing of some 800 modules and of the model runtimes, object by
    object, is skipped (0.4 s of a 2 s command: `bench startup`)."""
    code = main()
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
