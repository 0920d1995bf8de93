"""Adds up vitest's per-run "Tests ..." lines (and Playwright's "N passed") from a CI log into one closing line."""
import re
import sys

text = re.sub(r"\x1b\[[0-9;]*m", "", open(sys.argv[1], encoding="utf-8", errors="replace").read())
passed = failed = skipped = 0
for line in text.splitlines():
    m = re.search(r"\bTests\s+(.*\(\d+\))\s*$", line)
    if m:
        for n, kind in re.findall(r"(\d+) (passed|failed|skipped|todo)", m.group(1)):
            if kind == "passed":
                passed += int(n)
            elif kind == "failed":
                failed += int(n)
            else:
                skipped += int(n)
        continue
    m = re.match(r"^\s*(?:\S+:\s+)?(\d+) (passed|failed|flaky|skipped)\b.*\(\d", line)  # Playwright summary lines
    if m:
        n, kind = int(m.group(1)), m.group(2)
        if kind == "passed":
            passed += n
        elif kind == "failed":
            failed += n
        else:
            skipped += n
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
