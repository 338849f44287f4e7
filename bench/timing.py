#!/usr/bin/python3
"""bench/timing.py ROUNDS FILE: runs the commands of FILE in turn, ROUNDS
rounds, each round in an order of its own (interleaved, so that a change of
the machine's load falls on every command alike; shuffled, so that no
command always runs right after the same one: a process that follows a
large one finds the machine's caches cold, and in a fixed cycle the same
command would always pay for it. The shuffle's seed is fixed: a rerun
repeats the orders), and prints one line a command:

    NAME RUNS WALL_MIN WALL_MEDIAN WALL_MAX CPU_MEDIAN PEAK_KB STATUS

wall and CPU (user + system, of the command and its children) in
milliseconds, PEAK_KB the highest resident size of the command or of any
of its children, STATUS the exit status of the last run. FILE holds one
command a line: NAME, a tab, a shell command run before each run and not
timed (":" for none), a tab, the command timed: run as it is (split into
words) unless it needs a shell (then /bin/sh -c, whose start is part of
its figures). The peak is measured apart, in the first PEAK_ROUNDS rounds,
by GNU time (/usr/bin/time -f %M): the resident size a process reports
includes that of the process it was forked from until it runs its
program, here Python's.
"""
import os
import random
import shlex
import statistics
import subprocess
import sys
import time


PEAK_ROUNDS = int(os.environ.get("PEAK_ROUNDS", "3"))  # bench/run.sh sets 1 for the repository
SHELL_CHARS = set(";&|<>()$`\\\"'*?[#~{}")


def argv(cmd):
    if any(c in SHELL_CHARS for c in cmd) or cmd.strip() in ("", ":"):
        return ["/bin/sh", "-c", cmd]
    return shlex.split(cmd)


def run(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(argv(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t) * 1000
    return wall, (ru.ru_utime + ru.ru_stime) * 1000, os.waitstatus_to_exitcode(status)


def peak_kb(cmd, tmp):
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tmp] + argv(cmd), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    try:
        with open(tmp, encoding="utf-8") as f:
            return int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        return 0


def main():
    rounds = int(sys.argv[1])
    cmds = []
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                name, prep, cmd = line.split("\t", 2)
                cmds.append((name, prep, cmd))
    res = {name: [] for name, _, _ in cmds}
    peak = {name: 0 for name, _, _ in cmds}
    tmp = sys.argv[2] + ".peak"
    order = list(range(len(cmds)))
    shuffle = random.Random(17)
    for r in range(rounds):
        shuffle.shuffle(order)
        for k in order:
            name, prep, cmd = cmds[k]
            if prep != ":":
                subprocess.run(["/bin/sh", "-c", prep], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            res[name].append(run(cmd))
            if r < PEAK_ROUNDS:
                if prep != ":":
                    subprocess.run(["/bin/sh", "-c", prep], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                peak[name] = max(peak[name], peak_kb(cmd, tmp))
    for name, _, _ in cmds:
        v = res[name]
        walls = sorted(x[0] for x in v)
        print("%s %d %.1f %.1f %.1f %.1f %d %d" % (name, len(v), walls[0], statistics.median(walls), walls[-1],
                                                  statistics.median(x[1] for x in v), peak[name], v[-1][2]))


main()
