"""@com_google_googletest from Debian's libgtest-dev (GoogleTest 1.12)."""

load("//tools/workspace:system_cc.bzl", "system_cc_repository")

# Debian ships GoogleTest as static archives, so a main library must precede
# the library it calls into on the link line; Bazel orders a target's
# linkopts before its dependencies', which gives exactly that.
_TARGETS = {
    ":gmock": ["-lgmock", ":gtest"],
    ":gmock_main": ["-lgmock_main", ":gmock"],
    ":gtest": ["-lgtest", "-lpthread"],
    ":gtest_main": ["-lgtest_main", ":gtest"],
}

def googletest_repository(name = "com_google_googletest"):
    system_cc_repository(
        name = name,
        debian_package = "libgtest-dev",
        probe_header = "/usr/include/gtest/gtest.h",
        targets = _TARGETS,
    )
