"""How the test server writes what it sees: the escaping of raw bytes, the
event log (--log), the command record (--record) and atomic files.  See
server.py's docstring for the formats."""

import os


def esc(data, limit=4000):
    """Printable, unambiguous text for the raw bytes of one line."""
    if data.endswith(b"\r\n"):
        data = data[:-2]
    out = []
    for b in data[:limit]:
        if b == 0x5C:
            out.append("\\\\")
        elif 0x20 <= b < 0x7F:
            out.append(chr(b))
        elif b == 0x0D:
            out.append("\\r")
        elif b == 0x0A:
            out.append("\\n")
        elif b == 0x09:
            out.append("\\t")
        else:
            out.append("\\x%02x" % b)
    if len(data) > limit:
        out.append(" ...[%d bytes]" % len(data))
    return "".join(out)


class EventLog:
    def __init__(self, path):
        # Line-buffered append: each line reaches the file as it happens.
        self.f = open(path, "a", buffering=1, encoding="ascii",
                      errors="backslashreplace") if path else None

    def write(self, conn, kind, text):
        if self.f:
            self.f.write("%s %s %s\n" % (conn, kind, text))


class Record:
    def __init__(self, path):
        self.f = open(path, "a", buffering=1, encoding="ascii") if path \
            else None

    def write(self, line):
        if self.f:
            self.f.write(line + "\n")


def write_atomic(path, data):
    d, name = os.path.split(path)
    tmp = os.path.join(d, ".%s.%d.tmp" % (name, os.getpid()))
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
