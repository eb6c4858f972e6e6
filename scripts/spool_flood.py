"""How the kiosk starts on a flooded spool: writes a spool of SIZE MB of unreadable lines (plus one huge line
and a torn tail) into a scratch data folder, starts the event writer on it and prints the time, the peak
memory (RSS) and the size of the rejected files. Usage: python scripts/spool_flood.py [SIZE_MB] [--line-mb N]"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from attendance.writer import EventWriter, open_event_store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size_mb", type=int, nargs="?", default=300)
    parser.add_argument("--line-mb", type=int, default=64, help="one line this long among the short ones")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        spool = data / "spool-door.jsonl"
        with spool.open("wb") as file:
            file.write(b"x" * (args.line_mb << 20) + b"\n")
            block = b"not an event\n" * 80_000
            while file.tell() < args.size_mb << 20:
                file.write(block)
            file.write(b"{" * (1 << 20))  # torn
        size = spool.stat().st_size
        store = open_event_store(Path(folder) / "kiosk.db")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        writer = EventWriter(store, data, "door")
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rejected = sum(p.stat().st_size for p in data.glob("rejected-events.jsonl*"))
        print(f"spool {size / 2**20:.0f} MiB: started in {seconds:.1f} s, peak RSS {peak:.0f} MiB "
              f"({peak - before:+.0f} MiB over the {before:.0f} MiB before), rejected files {rejected / 2**10:.0f} KiB")
        print(writer.status.line)
        writer.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
