# The msmtp compatibility suite: the real msmtp and sendguard on the same
# argv, standard input and msmtprc against the same local server, case by
# case (tests/cli/compat/*.case; the format is in tests/cli/compat/README).
# Prints a table and its totals; fails on any unexplained difference.
: "${SENDGUARD:?SENDGUARD must name the built binary}"
: "${SENDGUARD_TOP:?SENDGUARD_TOP must name the source tree}"
command -v msmtp >/dev/null || { echo "msmtp is not installed (scripts/deps.sh installs it)"; exit 1; }
exec /usr/bin/python3 "$SENDGUARD_TOP/tests/cli/compat/harness.py" \
    "$SENDGUARD" "$SENDGUARD_TOP/tests/cli/compat" "$@"
