#!/usr/bin/env python3
"""Save-to-reload latency of `planverk serve`: the time from writing a page to the moment the
preview's event stream tells open pages to reload.

    python3 tests/bench/reload.py [--root DIR] [--page content/nb/....md] [--runs 10]

Starts `target/release/planverk serve --port 0` on the site root, listens on the event stream like
a browser tab does, edits the page (alternately adding and removing a word), and prints the median,
minimum and maximum over the runs. Standard library only; the page is restored afterwards.
"""

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path


def events(host, port):
    sock = socket.create_connection((host, port))
    # The preview answers only to its own address (421 for any other Host).
    sock.sendall(f"GET /__planverk/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    stream = sock.makefile("rb")
    while not stream.readline().startswith(b"retry:"):
        pass
    return sock, stream


def next_event(stream):
    name = None
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("event stream closed")
        line = line.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line == "" and name:
            return name


def main():
    repo = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=repo)
    ap.add_argument("--page", default="content/nb/kapittel-4/forskning.md", help="path below --root")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--binary", type=Path, default=repo / "target/release/planverk")
    args = ap.parse_args()

    server = subprocess.Popen([str(args.binary), "serve", "--port", "0", "--root", str(args.root)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    page = args.root / args.page
    original = page.read_bytes()
    try:
        for line in server.stdout:
            if line.startswith("serving http://"):
                host, port = line.split("//")[1].split("/")[0].split(":")
                break
        _, stream = events(host, int(port))
        times = []
        for run in range(args.runs):
            time.sleep(0.5)  # let the previous background search index finish, as between saves
            text = original if run % 2 else original.rstrip(b"\n") + b" Endret.\n"
            start = time.perf_counter()
            page.write_bytes(text)
            name = next_event(stream)
            times.append((time.perf_counter() - start) * 1000)
            if name != "reload":
                raise SystemExit(f"expected a reload, got {name}")
        print(f"save to reload event, {args.root.name}, {args.runs} saves: median {statistics.median(times):.1f} ms, "
              f"min {min(times):.1f} ms, max {max(times):.1f} ms")
    finally:
        page.write_bytes(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
