#!/usr/bin/env python3
"""Paired start-up timings with CPU time: runs shell commands in turn, N rounds after one
warm-up each, and prints per command the median wall time, the median of its per-round ratio to
the first command, and the median CPU time (user + sys of the command and its children, from
getrusage). On a machine shared with other builds the wall-clock ratio is noisy; CPU time shows
the work each launch does.

    python3 scripts/startup/cpu_pairs.py 21 "echo 1+2 | terraform console" \\
        "echo 1+2 | deno run -A --unstable-lazy-dynamic-imports src/cli/main.ts console"
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def run(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{command!r} exited {done.returncode}")
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: cpu_pairs.py ROUNDS COMMAND [COMMAND...]")
    rounds, commands = int(sys.argv[1]), sys.argv[2:]
    for c in commands:
        run(c)
    wall = [[] for _ in commands]
    cpu = [[] for _ in commands]
    for _ in range(rounds):
        for i, c in enumerate(commands):
            w, u = run(c)
            wall[i].append(w)
            cpu[i].append(u)
    for i, c in enumerate(commands):
        ratio = statistics.median(wall[i][r] / wall[0][r] for r in range(rounds))
        print(f"wall {statistics.median(wall[i]):7.1f} ms  ratio {ratio:5.2f}x  "
              f"cpu {statistics.median(cpu[i]):6.1f} ms  {c}")
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
