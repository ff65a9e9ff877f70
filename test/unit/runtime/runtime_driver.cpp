//===- runtime_driver.cpp - drives the runtime's hooks directly -----------===//
//
// Built without the plugin and linked with the runtime: each scenario calls
// __tangle_ hooks the way instrumented code would, with static sites, so
// RuntimeRecordingTest can check what the runtime wrote.
// Usage: runtime_driver SCENARIO   (run with TANGLE_SESSION set)
//
//===----------------------------------------------------------------------===//
#include "tangle/tangle_interface.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

__tangle_site Sites[] = {
    {0, 0, 10, 3, "driver.c", "take_a", "a"},
    {0, 0, 11, 3, "driver.c", "take_b", "b"},
    {0, 0, 12, 3, "driver.c", "release", nullptr},
    {0, 0, 13, 3, "driver.c", "deep", "locks[i]"},
    {0, 0, 20, 5, "driver.c", "writer", "shared"},
    {0, 0, 21, 5, "driver.c", "other_writer", "shared"},
    {0, 0, 22, 5, "driver.c", "make", nullptr},
    {0, 0, 23, 5, "driver.c", "spawn", nullptr},
};
__tangle_site *AtA = &Sites[0], *AtB = &Sites[1], *AtRelease = &Sites[2],
              *AtDeep = &Sites[3], *AtWrite = &Sites[4], *AtOtherWrite = &Sites[5],
              *AtMalloc = &Sites[6], *AtSpawn = &Sites[7];

pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER, B = PTHREAD_MUTEX_INITIALIZER;

void lock(pthread_mutex_t *M, __tangle_site *S) { __tangle_pthread_mutex_lock(M, S); }
void unlock(pthread_mutex_t *M) { __tangle_pthread_mutex_unlock(M, AtRelease); }

void *a_then_b(void *) {
  lock(&A, AtA);
  lock(&B, AtB);
  unlock(&B);
  unlock(&A);
  return nullptr;
}

void *b_then_a(void *) {
  lock(&B, AtB);
  lock(&A, AtA);
  unlock(&A);
  unlock(&B);
  return nullptr;
}

void run_thread(void *(*Fn)(void *)) {
  pthread_t T;
  pthread_create(&T, nullptr, Fn, nullptr);
  pthread_join(T, nullptr);
}

void *leak(void *) {
  lock(&A, AtA);
  return nullptr; // ends holding A
}

int deep() {
  static pthread_mutex_t Locks[100];
  for (auto &L : Locks)
    pthread_mutex_init(&L, nullptr);
  for (auto &L : Locks)
    lock(&L, AtDeep);
  for (int I = 99; I >= 0; --I)
    unlock(&Locks[I]);
  return 0;
}

int recursive() {
  pthread_mutexattr_t Attr;
  pthread_mutexattr_init(&Attr);
  pthread_mutexattr_settype(&Attr, PTHREAD_MUTEX_RECURSIVE);
  static pthread_mutex_t R;
  pthread_mutex_init(&R, &Attr);
  lock(&A, AtA);
  lock(&R, AtB);
  lock(&R, AtB); // re-entered: no new edge
  unlock(&R);
  unlock(&R);
  unlock(&A);
  return 0;
}

int fork_child() {
  a_then_b(nullptr);
  pid_t Child = fork();
  if (Child == 0) {
    b_then_a(nullptr);
    _exit(0);
  }
  int Status = 0;
  waitpid(Child, &Status, 0);
  return WEXITSTATUS(Status);
}

// Data races, as the race pass would drive them: threads made and joined
// through the hooks, accesses reported before they happen.
long Shared;
long *Target = &Shared;
bool Locked;

void *write_shared(void *Site) {
  for (int I = 0; I < 1000; ++I) {
    if (Locked)
      lock(&A, AtA);
    __tangle_write8(Target, (__tangle_site *)Site);
    ++*Target;
    if (Locked)
      unlock(&A);
  }
  return nullptr;
}

pthread_t spawn(void *(*Fn)(void *), __tangle_site *Site) {
  pthread_t T;
  __tangle_pthread_create(&T, nullptr, (void *)Fn, Site, AtSpawn);
  return T;
}

void join(pthread_t T) { __tangle_pthread_join((uint64_t)T, nullptr, AtSpawn); }

int races(const char *How) {
  __tangle_register_race_module(Sites, sizeof Sites / sizeof Sites[0]);
  Locked = !strcmp(How, "locked");
  if (!strcmp(How, "heap"))
    Target = (long *)__tangle_malloc(32, AtMalloc) + 1;
  pthread_t First = spawn(write_shared, AtWrite);
  if (!strcmp(How, "joined"))
    join(First);
  pthread_t Second = spawn(write_shared, AtOtherWrite);
  if (strcmp(How, "joined"))
    join(First);
  join(Second);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  const char *What = argc > 1 ? argv[1] : "";
  if (!strcmp(What, "abba")) {
    run_thread(a_then_b);
    run_thread(b_then_a);
  } else if (!strcmp(What, "repeat")) {
    for (int I = 0; I < 1000; ++I)
      a_then_b(nullptr);
  } else if (!strcmp(What, "trylock")) {
    lock(&A, AtA);
    if (__tangle_pthread_mutex_trylock(&B, AtB) == 0)
      unlock(&B);
    unlock(&A);
  } else if (!strcmp(What, "recursive")) {
    return recursive();
  } else if (!strcmp(What, "deep")) {
    return deep();
  } else if (!strcmp(What, "fork")) {
    return fork_child();
  } else if (!strcmp(What, "leak")) {
    run_thread(leak);
  } else if (!strncmp(What, "race-", 5)) {
    return races(What + 5);
  } else {
    fprintf(stderr, "runtime_driver: unknown scenario '%s'\n", What);
    return 2;
  }
  return 0;
}
