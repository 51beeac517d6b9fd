#!/usr/bin/env python3
"""Paired start-up timings with CPU time: runs commands in turn, N rounds after one warm-up
each, and prints per command the median wall time, the median of its per-round wall ratio to the
first command, the median CPU time (user + sys of the command and its children, from
getrusage) and the median of its per-round CPU ratio. On a machine shared with other builds the
wall-clock ratio is noisy; CPU time shows the work each launch does.

    python3 scripts/startup/cpu_pairs.py 21 --stdin '1 + 2' "terraform console" \\
        "deno run -A --unstable-lazy-dynamic-imports src/cli/main.ts console"

With `--stdin TEXT` each command is split into words (shlex) and run without a shell, TEXT and a
newline written to its standard input through a pipe, as `echo TEXT | command` gives it but
without a shell's fork in the timing; without it each command is a shell command line.

Every command runs the way `bench:startup --console` runs its pairs (so the two measures time the
same thing): in a fresh empty directory (`--cwd DIR` to choose one; `terraform console` reads the
configuration of the directory it runs in and writes a state file there), with the caller's
environment plus `CHECKPOINT_DISABLE=1` and `TF_CLI_CONFIG_FILE=/dev/null` (Terraform neither calls
its update service nor reads a user's CLI configuration, whose plugin settings would make its
start-up a different one on every machine).
"""
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

USAGE = "usage: cpu_pairs.py ROUNDS [--stdin TEXT] [--cwd DIR] COMMAND [COMMAND...]"


def launcher(command, stdin, cwd, env):
    """A function that runs `command` once and returns (wall ms, CPU ms)."""
    if stdin is None:
        argv, shell, data = command, True, None
    else:
        argv, shell, data = shlex.split(command), False, (stdin + "\n").encode()

    def run():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(argv, shell=shell, input=data, cwd=cwd, env=env,
                              stdin=subprocess.DEVNULL if data is None else None,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = (time.perf_counter() - started) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            sys.exit(f"{command!r} exited {done.returncode}")
        cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
        return wall, cpu

    return run


def parse(args):
    if len(args) < 1 or not args[0].isdigit() or int(args[0]) < 1:
        sys.exit(USAGE)
    rounds, rest, options = int(args[0]), args[1:], {"--stdin": None, "--cwd": None}
    while rest and rest[0] in options:
        if len(rest) < 2:
            sys.exit(f"{rest[0]} needs a value\n{USAGE}")
        options[rest[0]] = rest[1]
        rest = rest[2:]
    if not rest or rest[0].startswith("--"):
        sys.exit(USAGE)
    return rounds, options["--stdin"], options["--cwd"], rest


def main():
    rounds, stdin, cwd, commands = parse(sys.argv[1:])
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": "/dev/null"}
    scratch = None
    if cwd is None:
        scratch = cwd = tempfile.mkdtemp(prefix="cpu-pairs-")
    try:
        runs = [launcher(c, stdin, cwd, env) for c in commands]
        for run in runs:
            run()
        wall = [[] for _ in commands]
        cpu = [[] for _ in commands]
        for _ in range(rounds):
            for i, run in enumerate(runs):
                w, u = run()
                wall[i].append(w)
                cpu[i].append(u)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    if stdin is not None:
        print(f"stdin: {stdin!r}")
    for i, c in enumerate(commands):
        wall_ratio = statistics.median(wall[i][r] / wall[0][r] for r in range(rounds))
        cpu_ratio = statistics.median(cpu[i][r] / max(cpu[0][r], 1e-9) for r in range(rounds))
        print(f"wall {statistics.median(wall[i]):7.1f} ms  ratio {wall_ratio:5.2f}x  "
              f"cpu {statistics.median(cpu[i]):6.1f} ms  ratio {cpu_ratio:5.2f}x  {c}")
    print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
