#!/usr/bin/env python3
"""json-check.py [--stderr FILE] SCHEMADIR COMMAND OK EXIT STDOUT [FORBIDDEN]: the
command's standard output is exactly one JSON document, valid against
data/schema/COMMAND.schema.json (which refers to envelope.schema.json), with the expected
"ok" and "exit"; FORBIDDEN (a secret) must not occur in it. With --stderr, a failure's
error.message is the one-line message the program printed on standard error (FILE).
Exit 0 when all hold; the reason on stdout as a TAP comment otherwise. Works with
python3-jsonschema 4.10 (Debian 12) and later."""
import json
import os
import sys
import warnings

import jsonschema

args = sys.argv[1:]
stderr_path = None
if args[:1] == ["--stderr"]:
    stderr_path, args = args[1], args[2:]
schema_dir, command, want_ok, want_exit, path = args[:5]
forbidden = args[5] if len(args) > 5 and args[5] else None
text = open(path, encoding="utf-8").read()
try:
    doc = json.loads(text)      # the whole of stdout: one document, nothing else
except ValueError as e:
    print("# not one JSON document: %s: %r" % (e, text[:300]))
    sys.exit(1)
name = command if command != "-" else "envelope"
schema = json.load(open(os.path.join(schema_dir, name + ".schema.json"), encoding="utf-8"))
base = "file://" + os.path.abspath(schema_dir) + "/"
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    resolver = jsonschema.RefResolver(base_uri=base, referrer=schema)
    validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
if errors:
    print("# schema: %s at %s" % (errors[0].message[:300], list(errors[0].path)))
    sys.exit(1)
if doc["ok"] != (want_ok == "true") or doc["exit"] != int(want_exit):
    print("# ok/exit: %r/%r, wanted %s/%s" % (doc["ok"], doc["exit"], want_ok, want_exit))
    sys.exit(1)
if forbidden and forbidden in text:
    print("# the secret is in the document")
    sys.exit(1)
if stderr_path and "error" in doc:
    said = open(stderr_path, encoding="utf-8", errors="replace").read().splitlines()
    message = doc["error"]["message"]
    if not message or not any(line.endswith(": " + message) for line in said):
        print("# error.message %r is not the message on stderr: %r" % (message, said[:3]))
        sys.exit(1)
