//===- Checks.h - what tangle lint reports ----------------------*- C++ -*-===//
//
// Makes the lint result (LintResult.h) of an analysed Program:
//  - the static lock-order chains, one witness per acquisition made while
//    holding other locks (with the call chain down to each lock), plus the
//    orders ACQUIRED_BEFORE/AFTER declare; the analyzer's lock-order
//    detector finds the cycles, with the same gate, read-lock and
//    shortest-first rules as for runs (each static witness is its own
//    thread: any thread may run any code path);
//  - lint's own findings: lock-leak, double-lock and hold-and-wait, in the
//    run time's format and with its fingerprints (kind and lock classes,
//    and the function, as the run-time detectors do), so the same bug
//    found by a run and by lint is one finding in a baseline.
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_LINT_CHECKS_H
#define TANGLE_LINT_CHECKS_H

#include "tangle/lint/Program.h"

#include "tangle/session/Session.h"

namespace tangle::lint {

Session lintSession(const Program &P, unsigned Files);

} // namespace tangle::lint

#endif
