// Lock misuse, each recognised at the call: re-locking an error-checking
// mutex the thread holds, unlocking a mutex that is not locked, unlocking
// one another thread holds, destroying a locked mutex. And none of them in
// correct use.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.double -- %t double 2>&1 | FileCheck --check-prefix=DOUBLE %s
// RUN: %expect-exit 66 %tangle run --out %t.unlocked -- %t unlocked 2>&1 | FileCheck --check-prefix=UNLOCKED %s
// RUN: %expect-exit 66 %tangle run --out %t.other -- %t other 2>&1 | FileCheck --check-prefix=OTHER %s
// RUN: %expect-exit 66 %tangle run --out %t.destroy -- %t destroy 2>&1 | FileCheck --check-prefix=DESTROY %s
// RUN: %expect-exit 0 %tangle run --out %t.clean -- %t clean 2>&1 | FileCheck --check-prefix=CLEAN %s
#include <pthread.h>
#include <string.h>

static pthread_mutex_t checked;
static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t handoff = PTHREAD_MUTEX_INITIALIZER;

// DOUBLE: tangle: double-lock: T1 locks checked again while holding it (an error-checking mutex: the call fails with EDEADLK)
// DOUBLE-NEXT: T1 (pid {{[0-9]+}}, tid {{[0-9]+}}, main thread):
// DOUBLE: misuse.c:[[#@LINE+4]]:3: in double_lock: acquired checked
// DOUBLE: misuse.c:[[#@LINE+4]]:7: in double_lock: locked it again while holding it
// DOUBLE: tangle: 1 finding (1 double-lock) in 1 session
static void double_lock(void) {
  pthread_mutex_lock(&checked);
  if (pthread_mutex_lock(&checked) == 0) // EDEADLK: not taken twice
    pthread_mutex_unlock(&checked);
  pthread_mutex_unlock(&checked);
}

// UNLOCKED: tangle: bad-unlock: T1 unlocks plain, which is not locked
// UNLOCKED-NEXT: T1
// UNLOCKED: misuse.c:[[#@LINE+2]]:3: in unlock_unlocked: unlocked it while it was not locked
static void unlock_unlocked(void) {
  pthread_mutex_unlock(&plain);
}

// OTHER: tangle: bad-unlock: T{{[0-9]+}} unlocks handoff, which T1 holds
// OTHER: misuse.c:[[#@LINE+3]]:3: in unlock_theirs: unlocked it while T1 held it
static void *unlock_theirs(void *arg) {
  (void)arg;
  pthread_mutex_unlock(&handoff);
  return 0;
}

// DESTROY: tangle: destroy-locked: T1 destroys checked while it is locked (by itself)
// DESTROY-NEXT: T1
// DESTROY: misuse.c:[[#@LINE+3]]:3: in destroy_locked: destroyed it while it was locked
static void destroy_locked(void) {
  pthread_mutex_lock(&checked);
  pthread_mutex_destroy(&checked);
}

// CLEAN-NOT: double-lock
// CLEAN-NOT: bad-unlock
// CLEAN-NOT: destroy-locked
// CLEAN: tangle: 0 findings in 1 session
static void correct(void) {
  pthread_mutex_lock(&checked);
  pthread_mutex_unlock(&checked);
  pthread_mutex_lock(&plain);
  pthread_mutex_unlock(&plain);
  pthread_mutex_destroy(&plain);
}

int main(int argc, char **argv) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&checked, &attr);
  const char *what = argc > 1 ? argv[1] : "clean";
  if (!strcmp(what, "double"))
    double_lock();
  else if (!strcmp(what, "unlocked"))
    unlock_unlocked();
  else if (!strcmp(what, "destroy"))
    destroy_locked();
  else if (!strcmp(what, "other")) {
    pthread_mutex_lock(&handoff);
    pthread_t t;
    pthread_create(&t, 0, unlock_theirs, 0);
    pthread_join(t, 0);
  } else
    correct();
  return 0;
}
