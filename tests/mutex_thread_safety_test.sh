#!/usr/bin/env bash
# Copyright 2026 The gosync Authors. All rights reserved.
# Use of this source code is governed by a BSD-style license that can be
# found in the LICENSE file.
#
# Negative-compile check of Mutex/RWMutex's thread-safety annotations: Clang
# with -Wthread-safety -Werror accepts the snippet as written and rejects
# each misuse compiled in with a GOSYNC_BAD_* macro. Skips (loudly, exit 0)
# where no clang++ is installed.
set -euo pipefail

CLANG=${CLANG:-$(command -v clang++ || true)}
if [[ -z "${CLANG}" ]]; then
  echo "SKIPPED: no clang++ on PATH; the thread-safety negative-compile check did not run" >&2
  exit 0
fi

snippet=tests/mutex_thread_safety_snippet.cc
flags=(-std=c++20 -fsyntax-only -Wthread-safety -Wthread-safety-beta -Werror -I.)
fail=0

if ! out=$("${CLANG}" "${flags[@]}" "${snippet}" 2>&1); then
  echo "FAIL: the correct snippet does not compile:" >&2
  echo "${out}" >&2
  fail=1
fi

expect_rejected() {
  local macro=$1 want=$2 out
  if out=$("${CLANG}" "${flags[@]}" -D"${macro}" "${snippet}" 2>&1); then
    echo "FAIL: ${macro}: Clang accepted a thread-safety violation" >&2
    fail=1
  elif ! grep -q -- "${want}" <<<"${out}"; then
    echo "FAIL: ${macro}: rejected, but not with '${want}':" >&2
    echo "${out}" >&2
    fail=1
  else
    echo "ok: ${macro}: $(grep -m1 -- "${want}" <<<"${out}")"
  fi
}

expect_rejected GOSYNC_BAD_UNLOCKED "requires holding mutex 'mu' exclusively"
expect_rejected GOSYNC_BAD_WRITE_UNDER_RLOCK "requires holding mutex 'rw' exclusively"
expect_rejected GOSYNC_BAD_NOT_UNLOCKED "mutex 'mu' is still held"
exit "${fail}"
