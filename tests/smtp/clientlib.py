"""What the test server's self-test clients share (selftest_client.py,
modes_client.py): failed checks collected, the metadata check, and the
dispatch "CLIENT CASE ARGS..." to the function case_CASE."""

import json
import os  # noqa: F401 (for case_meta's expressions)
import sys

errors = []


def check(cond, what):
    """Records what went wrong when cond is false."""
    if not cond:
        errors.append(what)


def case_meta(path, expr):
    """The spool's NNNN.json (bound to m) makes the Python expr true."""
    m = json.load(open(path))
    check(eval(expr), "%s: %s is false for %s" % (path, expr, json.dumps(m)))


def run(cases):
    """Runs case_NAME(*args) from sys.argv, prints the failures one a line
    and exits 1 if there were any."""
    cases = dict(cases, case_meta=case_meta)
    name, args = sys.argv[1], sys.argv[2:]
    try:
        cases["case_" + name.replace("-", "_")](*args)
    except Exception as e:
        errors.append("unexpected %s: %s" % (type(e).__name__, e))
    for e in errors:
        print(e)
    sys.exit(1 if errors else 0)
