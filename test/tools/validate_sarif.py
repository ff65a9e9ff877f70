#!/usr/bin/env python3
"""validate_sarif.py FILE

Validates FILE against the SARIF 2.1.0 schema (sarif-2.1.0-rtm.5.json, beside
this script) with jsonschema's Draft4Validator, then checks what GitHub code
scanning needs beyond the schema: every result's ruleId names a rule of the
driver, a message, a level code scanning knows, repository-relative URIs for
files under %SRCROOT%, and for cycles and deadlocks a code flow with one
thread flow per thread. Prints "valid SARIF 2.1.0: N results" or the
problems, and exits 0 or 1.
"""
import json
import os
import sys

import jsonschema

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "sarif-2.1.0-rtm.5.json")
MULTI_THREAD_KINDS = {"lock-order-inversion", "deadlock"}


def code_scanning_problems(doc):
    problems = []
    for run in doc["runs"]:
        rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
        if len(set(rules)) != len(rules):
            problems.append("rule ids are not unique")
        for i, res in enumerate(run.get("results", [])):
            where = "result %d (%s)" % (i, res.get("ruleId"))
            if res.get("ruleId") not in rules:
                problems.append(where + ": ruleId is not a rule of the driver")
            elif rules.index(res["ruleId"]) != res.get("ruleIndex"):
                problems.append(where + ": ruleIndex does not point at its rule")
            if not res.get("message", {}).get("text"):
                problems.append(where + ": no message text")
            if not res.get("partialFingerprints"):
                problems.append(where + ": no partialFingerprints")
            for loc in res.get("locations", []) + res.get("relatedLocations", []):
                art = loc["physicalLocation"]["artifactLocation"]
                if art.get("uriBaseId") and art["uri"].startswith("/"):
                    problems.append(where + ": %SRCROOT% uri is absolute")
            if res.get("ruleId") in MULTI_THREAD_KINDS:
                flows = res.get("codeFlows", [])
                threads = flows[0]["threadFlows"] if flows else []
                if len(threads) < 2 and res["ruleId"] == "lock-order-inversion":
                    problems.append(where + ": fewer than two thread flows")
                if any(not t.get("locations") for t in threads):
                    problems.append(where + ": a thread flow without steps")
    return problems


def main():
    with open(SCHEMA) as f:
        schema = json.load(f)
    with open(sys.argv[1]) as f:
        doc = json.load(f)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc),
                    key=lambda e: list(e.path))
    for e in errors:
        print("schema: %s: %s" % ("/".join(map(str, e.path)), e.message))
    problems = code_scanning_problems(doc) if not errors else []
    for p in problems:
        print("code scanning: " + p)
    if errors or problems:
        return 1
    count = sum(len(run.get("results", [])) for run in doc["runs"])
    print("valid SARIF 2.1.0: %d results" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
