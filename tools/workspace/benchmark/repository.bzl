"""@com_github_google_benchmark from Debian's libbenchmark-dev (1.7)."""

load("//tools/workspace:system_cc.bzl", "system_cc_repository")

_TARGETS = {
    ":benchmark": ["-lbenchmark", "-lpthread"],
    ":benchmark_main": ["-lbenchmark_main", ":benchmark"],
}

def benchmark_repository(name = "com_github_google_benchmark"):
    system_cc_repository(
        name = name,
        debian_package = "libbenchmark-dev",
        probe_header = "/usr/include/benchmark/benchmark.h",
        targets = _TARGETS,
    )
