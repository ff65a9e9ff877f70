// The formats of tangle analyze: JSON (docs/json-format.md) with static
// thread stories and call steps, SARIF 2.1.0 valid for code scanning, and
// the report to a file with -o.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %expect-exit 1 %tangle lint --format json %s -- > %t/report.json
// RUN: FileCheck --check-prefix=JSON %s < %t/report.json
// JSON: "kind": "lock-order-inversion"
// JSON: "action": "call"
// JSON: "text": "calls lock_b"
// JSON-DAG: "static": true
// JSON-DAG: "counting": 1
// RUN: %expect-exit 1 %tangle lint --format sarif %s -- > %t/report.sarif
// RUN: %validate-sarif %t/report.sarif
// RUN: FileCheck --check-prefix=SARIF %s < %t/report.sarif
// SARIF-DAG: "ruleId": "lock-order-inversion"
// SARIF-DAG: "text": "calls lock_b"
// SARIF-DAG: "static": true
// RUN: %expect-exit 1 %tangle lint -o %t/report.txt %s --
// RUN: FileCheck --check-prefix=TEXT %s < %t/report.txt
// TEXT: tangle: 1 finding (1 lock-order-inversion) in 1 file
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void lock_b(void) { pthread_mutex_lock(&b); }

void ab(void) {
  pthread_mutex_lock(&a);
  lock_b();
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

void ba(void) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
}
