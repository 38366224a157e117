// Copyright 2026 The gosync Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found in the LICENSE file.
//
// -----------------------------------------------------------------------------
// File: sema/internal/tsan.h
// -----------------------------------------------------------------------------
//
// The ThreadSanitizer runtime's entry points that gosync calls, declared once
// for the runtime (sema/internal/race.h), package sync (sync/race.h) and the
// tests. Only `__tsan_acquire`/`__tsan_release` have a public header
// (<sanitizer/tsan_interface.h>); the others are the runtime's
// instrumentation callbacks and its dynamic-annotation interface. The
// declarations match the definitions in compiler-rt, which both GCC's libtsan
// and Clang's runtime ship.
//
// Declared only when the translation unit is built with -fsanitize=thread;
// callers guard their calls with ABSL_HAVE_THREAD_SANITIZER.
//
// Internal to gosync (target //sema:tsan).

#ifndef GOSYNC_SEMA_INTERNAL_TSAN_H_
#define GOSYNC_SEMA_INTERNAL_TSAN_H_

#include "absl/base/config.h"

#ifdef ABSL_HAVE_THREAD_SANITIZER
extern "C" {
// Synchronization on an address: a release happens before a later acquire.
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
// The instrumentation's own 4-byte read and write, for fake accesses.
void __tsan_read4(void* addr);
void __tsan_write4(void* addr);
// Stop (and resume) watching this thread's accesses and synchronization.
void __tsan_ignore_thread_begin();
void __tsan_ignore_thread_end();
// Dynamic annotations: ignore this thread's synchronization, or its reads.
void AnnotateIgnoreSyncBegin(const char* file, int line);
void AnnotateIgnoreSyncEnd(const char* file, int line);
void AnnotateIgnoreReadsBegin(const char* file, int line);
void AnnotateIgnoreReadsEnd(const char* file, int line);
}
#endif

#endif  // GOSYNC_SEMA_INTERNAL_TSAN_H_
