#!/usr/bin/env python3
"""Every C++, Python and JavaScript example in README.md and client/README.md
is code that the tests run: each ```cpp (```python, ```js) block, cut into
chunks at its blank lines, must appear chunk by chunk, in order, as
consecutive lines (compared without surrounding whitespace) of one of the
example programs. ctest builds and runs those programs (C++:
client/examples/readme_*.cpp, tests/readme/*.cpp, under the sanitizers too in
./dev test-sanitize; Python: the pytest suite tests/fixtures/python/pytest_example,
run by fixtures_pytest; JavaScript: the jest suite tests/conformance/js/jest,
its global setup and test files, run by conformance_js_jest_fixture).

Usage: check_readme.py REPO_ROOT
"""
import glob
import os
import re
import sys

READMES = ["README.md", "client/README.md"]
PROGRAMS = {
    "cpp": ["client/examples/readme_*.cpp", "tests/readme/*.cpp"],
    "python": ["tests/fixtures/python/pytest_example/*.py"],
    "js": ["tests/conformance/js/jest/*.cjs"],
}


def code_blocks(text, language):
    return re.findall(r"^```%s\n(.*?)^```" % language, text, re.S | re.M)


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
    failures = 0
    checked = 0
    for language, patterns in PROGRAMS.items():
        programs = {}
        for pattern in patterns:
            for path in sorted(glob.glob(os.path.join(root, pattern))):
                with open(path) as f:
                    programs[path] = [line.strip() for line in f.read().splitlines()]
        if not programs:
            print("no %s example programs found" % language)
            return 1
        f_checked, f_failures = check_language(root, language, programs)
        checked += f_checked
        failures += f_failures
    print("%d example blocks checked, %d not run by the tests" % (checked, failures))
    return 1 if failures else 0


def check_language(root, language, programs):
    failures = 0
    checked = 0
    for readme in READMES:
        with open(os.path.join(root, readme)) as f:
            blocks = code_blocks(f.read(), language)
        for n, block in enumerate(blocks, 1):
            checked += 1
            block_chunks = chunks(block)
            misses = {path: find_in_order(lines, block_chunks) for path, lines in programs.items()}
            if any(miss is None for miss in misses.values()):
                continue
            failures += 1
            best = max(misses.values(), key=lambda c: block_chunks.index(c))  # the closest program
            print("%s: %s block %d is in no example program; first chunk not found:\n    %s"
                  % (readme, language, n, "\n    ".join(best)))
    return checked, failures


if __name__ == "__main__":
    sys.exit(main())
