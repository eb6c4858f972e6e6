"""Write a resized copy of a video (e.g. the 640x360 test clip as 1920x1080), for `bench video` at 1080p.

Usage: python scripts/upscale_video.py IN.mp4 OUT.mp4 [--size 1920x1080]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.sources import VideoFileSource
from pipeline.video_writer import AnnotatedVideoWriter


def main() -> int:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT (default 1920x1080)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    source = VideoFileSource(args.source)
    writer = AnnotatedVideoWriter(args.target, source.fps)
    try:
        for frame in source:
            writer.write(cv2.resize(frame.image, (width, height), interpolation=cv2.INTER_CUBIC))
    finally:
        writer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
