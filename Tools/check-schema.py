#!/usr/bin/env python3
"""Checks that Scenarios/scenario.schema.json is a valid JSON Schema and that every example and
corpus scenario conforms to it (the schema is generated from the reader's field tables, which a
Swift test checks; this checks the generated schema with an independent validator)."""
import glob, json, os, sys
try:
    import jsonschema
except ImportError:
    import subprocess
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "jsonschema"], check=True)
    import jsonschema

root = os.path.join(os.path.dirname(__file__), "..", "Scenarios")
schema = json.load(open(os.path.join(root, "scenario.schema.json")))
jsonschema.Draft202012Validator.check_schema(schema)
count = 0
corpus = os.path.join(os.path.dirname(__file__), "..", "Tests", "Corpus", "Scenarios")
for path in sorted(glob.glob(os.path.join(root, "*.json"))) + sorted(glob.glob(os.path.join(corpus, "*.json"))):
    if path.endswith(("fingerprints.json", "capture-digests.json", "scenario.schema.json")):
        continue
    jsonschema.validate(json.load(open(path)), schema)
    count += 1
print(f"check-schema: ok ({count} example and corpus scenarios conform to scenario.schema.json)")
