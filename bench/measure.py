#!/usr/bin/env python3
"""Runs a command RUNS times and prints its median and minimum wall time and
the peak resident memory of its process tree.

Usage: bench/measure.py NAME RUNS COMMAND [ARG...]
Used by the bench/*-speed.sh scripts; output is one line per command.
"""
import resource, subprocess, sys, time

name, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
# RUSAGE_CHILDREN: the largest resident set of any waited-for descendant.
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
times.sort()
print(
    f"{name:40} median {times[len(times) // 2] * 1000:9.1f} ms   "
    f"min {times[0] * 1000:9.1f} ms   peak RSS {peak_mib:7.1f} MiB   ({runs} runs)"
)
