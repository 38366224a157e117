"""Declares every external repository of the offline WORKSPACE build."""

load("//tools/workspace/abseil:repository.bzl", "abseil_repository")
load("//tools/workspace/benchmark:repository.bzl", "benchmark_repository")
load("//tools/workspace/googletest:repository.bzl", "googletest_repository")
load("//tools/workspace/remote_coverage_tools:repository.bzl", "remote_coverage_tools")
load("//tools/workspace/rules_cc:repository.bzl", "local_rules_cc")

# buildifier: disable=unnamed-macro (a WORKSPACE entry point, not a target macro)
def add_default_repositories():
    """Declares gosync's dependencies from the local Debian installation.

    Bazel 4.2.3 appends a suffix to every WORKSPACE that downloads rules_cc,
    rules_java, platforms and remote_coverage_tools unless they already exist,
    so those four are declared here first, from local sources.
    """
    native.local_repository(
        name = "platforms",
        path = "/usr/share/bazel/tools/platforms",  # Debian: bazel-platforms
    )
    native.local_repository(
        name = "rules_java",
        path = "/usr/share/bazel/rules/java",  # Debian: bazel-rules-java
    )
    local_rules_cc(name = "rules_cc")
    remote_coverage_tools(name = "remote_coverage_tools")

    abseil_repository()
    googletest_repository()
    benchmark_repository()
