"""A local stand-in for @remote_coverage_tools.

Bazel 4.2.3's built-in WORKSPACE suffix declares `remote_coverage_tools` as a
download, and every `bazel test` resolves it because the test rules carry an
implicit dependency on its coverage report generator. Offline, that download
fails. This stand-in provides the same target; `bazel coverage` is not
supported by the offline build (the generator says so and fails).
"""

def _remote_coverage_tools_impl(rctx):
    rctx.file("WORKSPACE", 'workspace(name = "remote_coverage_tools")\n')
    rctx.file("coverage_report_generator.sh", """#!/bin/sh
echo "gosync: coverage reports are not supported by the offline build" >&2
exit 1
""", executable = True)
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])

sh_binary(
    name = "coverage_report_generator",
    srcs = ["coverage_report_generator.sh"],
)

filegroup(
    name = "lcov_merger",
    srcs = [],
)
""")

remote_coverage_tools = repository_rule(
    implementation = _remote_coverage_tools_impl,
    doc = "Offline stand-in for Bazel's remote_coverage_tools download.",
)
