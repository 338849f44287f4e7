# ---- make deps waits for a busy package manager ----
# A lock held as apt holds it (fcntl) on a file that stands for dpkg's;
# apt-get and dpkg-query are stand-ins that say what they were asked: the
# script says that it waits, waits, and then installs, with apt-get told
# to wait for the lock itself too.
mkdir -p "$T/apt/bin"
printf '#!/bin/sh\necho "apt-get $*" >>"%s/apt/log"\n' "$T" >"$T/apt/bin/apt-get"
printf '#!/bin/sh\nexit 1\n' >"$T/apt/bin/dpkg-query"
chmod +x "$T/apt/bin/apt-get" "$T/apt/bin/dpkg-query"
: >"$T/apt/lock"
# hold SECONDS: the lock held by another process for that long, from when
# this returns
hold() {
	rm -f "$T/apt/lock.held"
	/usr/bin/python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "w"); fcntl.lockf(f, fcntl.LOCK_EX); open(sys.argv[1] + ".held", "w").close(); time.sleep(float(sys.argv[2]))' "$T/apt/lock" "$1" &
	while [ ! -e "$T/apt/lock.held" ]; do sleep 0.1; done
}
hold 1
PATH="$T/apt/bin:$PATH" APT_LOCKS="^$T/apt/lock" APT_WAIT_SECONDS=60 sh build-aux/install-missing vanban-test-pkg >"$T/apt/out" 2>&1
st=$?
wait
if [ "$st" = 0 ] && grep -q "make deps: the package manager is busy (python3 holds its lock): waiting for it" "$T/apt/out" &&
	grep -q "make deps: the package manager is free after" "$T/apt/out" &&
	grep -q "apt-get -o DPkg::Lock::Timeout=60 install -y -qq vanban-test-pkg" "$T/apt/log"; then ok; else
	no "make deps does not wait for a busy package manager (exit $st)"; cat "$T/apt/out"; cat "$T/apt/log" 2>/dev/null
fi
# still busy after the time allowed: a clear failure, nothing installed
rm -f "$T/apt/log"
hold 3
PATH="$T/apt/bin:$PATH" APT_LOCKS="^$T/apt/lock" APT_WAIT_SECONDS=1 sh build-aux/install-missing vanban-test-pkg >"$T/apt/out" 2>&1
st=$?
wait
if [ "$st" = 1 ] && grep -q "still busy after 1 s (python3)" "$T/apt/out" && [ ! -e "$T/apt/log" ]; then ok; else
	no "make deps: a package manager busy for too long is not a clear failure (exit $st)"; cat "$T/apt/out"
fi
