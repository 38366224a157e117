"""@com_google_absl from Debian's libabsl-dev (Abseil 20220623)."""

load("//tools/workspace:system_cc.bzl", "system_cc_repository")

# Each upstream target, with the shared libraries it builds and the upstream
# targets it depends on. Header-only targets link nothing. Debian's build has
# no absl/log (it arrived in 20230125).
_TARGETS = {
    "absl/base:atomic_hook": [":config", ":core_headers"],
    "absl/base:base": [
        "-labsl_base",
        "-lpthread",
        ":atomic_hook",
        ":core_headers",
        ":dynamic_annotations",
        ":log_severity",
        ":raw_logging_internal",
        ":spinlock_wait",
    ],
    "absl/base:config": [],
    "absl/base:core_headers": [":config"],
    "absl/base:dynamic_annotations": [":config", ":core_headers"],
    "absl/base:log_severity": ["-labsl_log_severity", ":core_headers"],
    "absl/base:malloc_internal": ["-labsl_malloc_internal", ":base"],
    "absl/base:raw_logging_internal": [
        "-labsl_raw_logging_internal",
        ":atomic_hook",
        ":log_severity",
    ],
    "absl/base:spinlock_wait": ["-labsl_spinlock_wait", ":core_headers"],
    "absl/base:throw_delegate": ["-labsl_throw_delegate", ":config"],
    "absl/debugging:debugging_internal": [
        "-labsl_debugging_internal",
        "//absl/base:core_headers",
    ],
    "absl/debugging:demangle_internal": [
        "-labsl_demangle_internal",
        "//absl/base",
    ],
    "absl/debugging:examine_stack": [
        "-labsl_examine_stack",
        ":stacktrace",
        ":symbolize",
    ],
    "absl/debugging:failure_signal_handler": [
        "-labsl_failure_signal_handler",
        ":examine_stack",
        ":stacktrace",
    ],
    "absl/debugging:stacktrace": [
        "-labsl_stacktrace",
        ":debugging_internal",
    ],
    "absl/debugging:symbolize": [
        "-labsl_symbolize",
        ":debugging_internal",
        ":demangle_internal",
        "//absl/base",
        "//absl/base:malloc_internal",
    ],
    "absl/flags:flag": [
        "-labsl_flags_internal",
        "-labsl_flags_marshalling",
        "-labsl_flags_reflection",
        "-labsl_flags_private_handle_accessor",
        "-labsl_flags_commandlineflag",
        "-labsl_flags_commandlineflag_internal",
        "-labsl_flags_config",
        "-labsl_flags_program_name",
        "//absl/base",
        "//absl/strings",
        "//absl/strings:str_format",
        "//absl/synchronization",
    ],
    "absl/flags:parse": [
        "-labsl_flags_parse",
        ":flag",
        ":usage",
    ],
    "absl/flags:usage": [
        "-labsl_flags_usage",
        "-labsl_flags_usage_internal",
        ":flag",
    ],
    "absl/numeric:bits": ["//absl/base:core_headers"],
    "absl/numeric:int128": ["-labsl_int128", "//absl/base:config"],
    "absl/strings:str_format": ["-labsl_str_format_internal", ":strings"],
    "absl/strings:strings": [
        "-labsl_strings",
        "-labsl_strings_internal",
        "//absl/base",
        "//absl/base:throw_delegate",
        "//absl/numeric:int128",
    ],
    "absl/synchronization:graphcycles_internal": [
        "-labsl_graphcycles_internal",
        "//absl/base",
        "//absl/base:malloc_internal",
    ],
    "absl/synchronization:synchronization": [
        "-labsl_synchronization",
        ":graphcycles_internal",
        "//absl/base",
        "//absl/base:malloc_internal",
        "//absl/debugging:stacktrace",
        "//absl/debugging:symbolize",
        "//absl/time",
    ],
    "absl/time:time": [
        "-labsl_time",
        "-labsl_civil_time",
        "-labsl_time_zone",
        "//absl/base",
        "//absl/numeric:int128",
        "//absl/strings",
    ],
}

def abseil_repository(name = "com_google_absl"):
    system_cc_repository(
        name = name,
        debian_package = "libabsl-dev",
        probe_header = "/usr/include/absl/base/config.h",
        targets = _TARGETS,
    )
