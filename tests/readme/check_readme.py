#!/usr/bin/env python3
"""Every C++ example in README.md and client/README.md is code that the tests
compile and run: each ```cpp block, cut into chunks at its blank lines, must
appear chunk by chunk, in order, as consecutive lines (compared without
surrounding whitespace) of one of the example programs. ctest builds and runs
those programs (client/examples/readme_*.cpp, tests/readme/*.cpp), under the
sanitizers too in ./dev test-sanitize.

Usage: check_readme.py REPO_ROOT
"""
import glob
import os
import re
import sys

READMES = ["README.md", "client/README.md"]
PROGRAMS = ["client/examples/readme_*.cpp", "tests/readme/*.cpp"]


def cpp_blocks(text):
    return re.findall(r"^```cpp\n(.*?)^```", text, re.S | re.M)


def chunks(block):
    out, current = [], []
    for line in block.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def find_in_order(lines, block_chunks):
    at = 0
    for chunk in block_chunks:
        for start in range(at, len(lines) - len(chunk) + 1):
            if lines[start:start + len(chunk)] == chunk:
                at = start + len(chunk)
                break
        else:
            return chunk
    return None


def main():
    root = sys.argv[1]
    programs = {}
    for pattern in PROGRAMS:
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            with open(path) as f:
                programs[path] = [line.strip() for line in f.read().splitlines()]
    if not programs:
        print("no example programs found")
        return 1
    failures = 0
    checked = 0
    for readme in READMES:
        with open(os.path.join(root, readme)) as f:
            blocks = cpp_blocks(f.read())
        for n, block in enumerate(blocks, 1):
            checked += 1
            block_chunks = chunks(block)
            misses = {path: find_in_order(lines, block_chunks) for path, lines in programs.items()}
            if any(miss is None for miss in misses.values()):
                continue
            failures += 1
            best = max(misses.values(), key=lambda c: block_chunks.index(c))  # the closest program
            print("%s: C++ block %d is in no example program; first chunk not found:\n    %s"
                  % (readme, n, "\n    ".join(best)))
    print("%d C++ blocks checked, %d not compiled by the tests" % (checked, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
