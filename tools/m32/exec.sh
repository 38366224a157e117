#!/bin/sh
# Runs an i386 program (argument 1, then its arguments) for --config=m32.
#
# Natively where the kernel runs 32-bit x86 programs. Some x86-64 kernels are
# built or booted without that (ia32_emulation=off: exec fails with "Exec
# format error"); there it runs the program under qemu-i386 (Debian's
# qemu-user, which tools/bazel installs for --config=m32). Under qemu the
# instructions are still i386 code (cmpxchg8b included) and the threads are
# real host threads, but a program that execs an i386 binary itself fails
# there (the kernel refuses it again). Two consequences, both announced on
# stderr: GoogleTest death tests, which re-execute the test binary
# ("threadsafe" style), are filtered out (suites named *DeathTest, by
# GoogleTest's convention), and tests that start the tools' binaries are
# left out of m32 in their BUILD files.
#
# The probe is the i386 dynamic loader itself: if the kernel runs it, it
# runs the test.
if /lib/ld-linux.so.2 --version >/dev/null 2>&1; then
  exec "$@"
fi
# A test that is a script (an sh_test) runs on the host as it is.
if [ "$(head -c 4 "$1" | tail -c 3)" != "ELF" ]; then
  exec "$@"
fi
if ! command -v qemu-i386 >/dev/null 2>&1; then
  echo "tools/m32/exec: this kernel does not run i386 programs and qemu-i386 is missing (apt-get install qemu-user)" >&2
  exit 1
fi
# Tests read this to scale their work and to skip /proc checks of their
# system calls (tests/test_util.h).
export GOSYNC_EMULATOR=qemu-i386
if [ -z "${GTEST_FILTER:-}" ]; then
  export GTEST_FILTER='-*DeathTest.*'
  echo "tools/m32/exec: this kernel does not run i386 programs: running under qemu-i386, without the death tests (GTEST_FILTER=$GTEST_FILTER)" >&2
fi
exec qemu-i386 "$@"
