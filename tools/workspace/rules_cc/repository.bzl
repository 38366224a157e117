"""A local stand-in for @rules_cc, for the offline Bazel 4.2.3 build.

Debian's bazel-rules-cc (0.0.4) loads `use_cpp_toolchain`, which Bazel 4.2.3's
@bazel_tools lacks, so it cannot be used. Our BUILD files load the C++ rules
from `@rules_cc//cc:defs.bzl` (Bazel 9 removed the native ones); this
repository answers that load by forwarding each rule to `native`. Under bzlmod
the real rules_cc module takes its place (see //:MODULE.bazel).
"""

_DEFS = '''"""Forwards the C++ rules to Bazel's native implementations."""

def cc_binary(**attrs):
    native.cc_binary(**attrs)

def cc_import(**attrs):
    native.cc_import(**attrs)

def cc_library(**attrs):
    native.cc_library(**attrs)

def cc_proto_library(**attrs):
    native.cc_proto_library(**attrs)

def cc_shared_library(**attrs):
    native.cc_shared_library(**attrs)

def cc_test(**attrs):
    native.cc_test(**attrs)

def cc_toolchain(**attrs):
    native.cc_toolchain(**attrs)

def cc_toolchain_suite(**attrs):
    native.cc_toolchain_suite(**attrs)

def objc_import(**attrs):
    native.objc_import(**attrs)

def objc_library(**attrs):
    native.objc_library(**attrs)
'''

def _local_rules_cc_impl(rctx):
    rctx.file("WORKSPACE", 'workspace(name = "rules_cc")\n')
    rctx.file("BUILD.bazel", "")
    rctx.file("cc/BUILD.bazel", 'exports_files(["defs.bzl"])\n')
    rctx.file("cc/defs.bzl", _DEFS)

local_rules_cc = repository_rule(
    implementation = _local_rules_cc_impl,
    doc = "Presents Bazel's native C++ rules as @rules_cc//cc:defs.bzl.",
)
