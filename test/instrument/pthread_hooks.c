// Each pthread mutex call becomes its __tangle_ hook with the same
// arguments and a site; nothing else is touched.
// RUN: %clang -g -O0 -fpass-plugin=%tangle-plugin -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -g -O2 -fpass-plugin=%tangle-plugin -S -emit-llvm %s -o - | FileCheck %s
#include <pthread.h>
#include <time.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

// A site records { id, flags, line, column, file, function, lock name,
// lock class }; the class of a global's lock is its name.
// CHECK: @tangle.sites = private global [6 x { i32, i32, i32, i32, ptr, ptr, ptr, ptr }] [{ i32, i32, i32, i32, ptr, ptr, ptr, ptr } { i32 0, i32 0, i32 [[#@LINE+11]], i32 11, ptr @{{tangle.str[.0-9]*}}, ptr @{{tangle.str[.0-9]*}}, ptr @[[NAME:tangle.str[.0-9]*]], ptr @[[NAME]] }
// CHECK-LABEL: define {{.*}}@every_call(
// CHECK: call {{.*}}i32 @__tangle_pthread_mutex_init(ptr {{.*}}@m{{.*}}, ptr {{.*}}, ptr {{.*}}@tangle.sites
// CHECK: call {{.*}}i32 @__tangle_pthread_mutex_lock(ptr {{.*}}@m{{.*}}, ptr {{.*}}@tangle.sites
// CHECK: call {{.*}}i32 @__tangle_pthread_mutex_trylock(ptr {{.*}}@m{{.*}}, ptr {{.*}}@tangle.sites
// CHECK: call {{.*}}i32 @__tangle_pthread_mutex_timedlock(ptr {{.*}}@m{{.*}}, ptr {{.*}}, ptr {{.*}}@tangle.sites
// CHECK: call {{.*}}i32 @__tangle_pthread_mutex_unlock(ptr {{.*}}@m{{.*}}, ptr {{.*}}@tangle.sites
// CHECK: call {{.*}}i32 @__tangle_pthread_mutex_destroy(ptr {{.*}}@m{{.*}}, ptr {{.*}}@tangle.sites
// CHECK-NOT: call {{.*}}@pthread_mutex_
// CHECK: ret
int every_call(const struct timespec *ts) {
  int r = pthread_mutex_init(&m, 0);
  r |= pthread_mutex_lock(&m);
  r |= pthread_mutex_trylock(&m);
  r |= pthread_mutex_timedlock(&m, ts);
  r |= pthread_mutex_unlock(&m);
  r |= pthread_mutex_destroy(&m);
  return r;
}

