#!/usr/bin/env python3
"""Run a command several times; report its median wall time, peak memory and exit codes.

    python3 bench/measure.py [--runs 3] [--tool T --task T --files N]
                             [--files-from LIST [--files-flag FLAG]] -- COMMAND [ARG...]

Each run starts the command afresh with stdout and stderr sent to /dev/null, times it with a
monotonic clock and reaps it with os.wait4, whose resource usage covers the child and every
descendant it waited for: the peak RSS is the largest resident set of any process in the run
(a `sh -c` or `xargs` wrapper is counted through, not instead of, the real tool).

Linux also charges a child, when it execs, with the high-water mark of the process it was
started from, so a command started straight from Python can never show less than Python's own
RSS (about 15 MiB). Where GNU time is installed, the command is therefore started through
`/usr/bin/time -f %M`, a small process whose report is the command's own peak (time reports
the largest of the processes it waited for, like wait4); the wall time still comes from here.

--files-from appends the files listed in LIST (one per line) to the command, after FLAG when one
is given. When the list would not fit in the kernel's argument-size limit (ARG_MAX, less the
environment), the files are split into batches run one after the other: the run's time is their
sum, its peak the largest, and the number of batches is reported.

Prints one Markdown table row: tool | task | files | median wall s | peak RSS MiB | exit | runs.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def batches(command, files, flag):
    """Splits `files` so that each command line stays well inside ARG_MAX."""
    if not files:
        return [command]
    env_size = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
    budget = os.sysconf("SC_ARG_MAX") - env_size - 64 * 1024
    head = command + ([flag] if flag else [])
    head_size = sum(len(a) + 1 + 8 for a in head)
    out, current, size = [], [], head_size
    for f in files:
        cost = len(os.fsencode(f)) + 1 + 8  # the string, its NUL, its pointer
        if current and size + cost > budget:
            out.append(head + current)
            current, size = [], head_size
        current.append(f)
        size += cost
    out.append(head + current)
    return out


GNU_TIME = "/usr/bin/time"


def have_gnu_time():
    try:
        probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], capture_output=True, text=True)
    except OSError:
        return False
    return probe.returncode == 0 and probe.stderr.strip().isdigit()


def run_once(argvs, report):
    """Runs the batches in turn; returns (wall seconds, peak RSS in KiB, worst exit code).
    With `report` (a file name), the peak comes from GNU time writing to that file."""
    wall, peak, code = 0.0, 0, 0
    for argv in argvs:
        if report:
            argv = [GNU_TIME, "-f", "%M", "-o", report, "--"] + argv
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall += time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        rss = usage.ru_maxrss  # KiB on Linux
        if report:
            with open(report, encoding="utf-8") as f:
                rss = int(f.read().split()[-1])
        peak = max(peak, rss)
        code = child.returncode if code == 0 else code
    return wall, peak, code


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tool", default="")
    parser.add_argument("--task", default="")
    parser.add_argument("--files", default="")
    parser.add_argument("--files-from")
    parser.add_argument("--files-flag")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --")
    files = []
    if args.files_from:
        with open(args.files_from, encoding="utf-8") as f:
            files = [line.rstrip("\n") for line in f if line.strip()]
    argvs = batches(command, files, args.files_flag)
    report = None
    if have_gnu_time():
        fd, report = tempfile.mkstemp(prefix="measure-", suffix=".rss")
        os.close(fd)
    try:
        results = [run_once(argvs, report) for _ in range(args.runs)]
    except (OSError, ValueError, IndexError) as e:
        print(f"measure.py: cannot run {command[0]}: {e}", file=sys.stderr)
        return 2
    finally:
        if report:
            os.unlink(report)
    walls = [w for w, _, _ in results]
    peak_mib = max(p for _, p, _ in results) / 1024
    codes = sorted({c for _, _, c in results})
    runs = " ".join(f"{w:.2f}" for w in walls)
    if len(argvs) > 1:
        runs += f" ({len(argvs)} batches)"
    exit_codes = ",".join(str(c) for c in codes)
    print(f"| {args.tool} | {args.task} | {args.files} | {statistics.median(walls):.2f} "
          f"| {peak_mib:.0f} | {exit_codes} | {runs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
