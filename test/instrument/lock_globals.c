// Globals that hold locks are registered by a module constructor, with
// arrays as one entry (address, stride, count, name with '#', and for a
// static the unit it belongs to: its class is "hidden in lock_globals.c").
// RUN: %clang -g -O1 -fpass-plugin=%tangle-plugin -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s < %t.ll
// RUN: FileCheck %s --check-prefix=NAMES < %t.ll
#include <pthread.h>

struct account {
  long balance;
  pthread_mutex_t mu;
};

struct account alice;
struct account accounts[100];
pthread_mutex_t forks[5];
static pthread_mutex_t hidden = PTHREAD_MUTEX_INITIALIZER;
int not_a_lock;

// In module order (the initialised static first):
// CHECK: @tangle.lock_globals = private constant [4 x { ptr, i64, i64, ptr, ptr }]
// CHECK-SAME: { ptr @hidden, i64 0, i64 1, ptr @{{[.a-z0-9]+}}, ptr @{{[.a-z0-9]+}} }
// CHECK-SAME: { ptr getelementptr inbounds (i8, ptr @alice, i64 8), i64 0, i64 1, ptr @{{[.a-z0-9]+}}, ptr null }
// CHECK-SAME: { ptr getelementptr inbounds (i8, ptr @accounts, i64 8), i64 48, i64 100, ptr @{{[.a-z0-9]+}}, ptr null }
// CHECK-SAME: { ptr @forks, i64 40, i64 5, ptr @{{[.a-z0-9]+}}, ptr null }
// NAMES-DAG: c"alice.mu\00"
// NAMES-DAG: c"accounts[#].mu\00"
// NAMES-DAG: c"forks[#]\00"
// NAMES-DAG: c"hidden\00"
// NAMES-DAG: c"lock_globals.c\00"
// CHECK: @llvm.global_ctors = {{.*}}@tangle.module_ctor
// CHECK: define internal void @tangle.module_ctor()
// CHECK-NEXT: call void @__tangle_register_module(ptr {{.*}}@tangle.module)

pthread_mutex_t *use(void) { return &hidden; }
