// One lock seen by two processes is one node, whatever address each maps
// it at and whatever kind of object it lives in. In each mode the parent
// takes two locks in one order and its fork child the reverse; the child
// maps the object again itself, at another address, where the mode allows.
// Modes: a shm_open segment, a mapped file, process-shared rwlocks (write
// mode), unnamed process-shared semaphores used as locks, lockf and fcntl
// record locks on two files, and a fork from a multithreaded parent.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: rm -rf %t.files && mkdir -p %t.files
// RUN: %expect-exit 66 %tangle run --out %t.shm -- %t shm %t.files 2>&1 | FileCheck --check-prefixes=CHECK,REMAP,SHM %s
// RUN: %expect-exit 66 %tangle run --out %t.file -- %t file %t.files 2>&1 | FileCheck --check-prefixes=CHECK,REMAP,SHM %s
// RUN: %expect-exit 66 %tangle run --out %t.rwlock -- %t rwlock %t.files 2>&1 | FileCheck --check-prefixes=CHECK,RW %s
// RUN: %expect-exit 66 %tangle run --out %t.sem -- %t sem %t.files 2>&1 | FileCheck --check-prefixes=CHECK,SEM %s
// RUN: %expect-exit 66 %tangle run --out %t.lockf -- %t lockf %t.files 2>&1 | FileCheck --check-prefixes=CHECK,FILES %s
// RUN: %expect-exit 66 %tangle run --out %t.fcntl -- %t fcntl %t.files 2>&1 | FileCheck --check-prefixes=CHECK,FILES %s
// RUN: %expect-exit 66 %tangle run --out %t.threads -- %t threads %t.files 2>&1 | FileCheck --check-prefixes=CHECK,SHM %s
// REMAP: child: mapped elsewhere
// SHM: tangle: lock-order-inversion: {{(shm->first and shm->second|shm->second and shm->first)}} are taken in opposite orders
// RW: tangle: lock-order-inversion: {{(shm->first_rw and shm->second_rw|shm->second_rw and shm->first_rw)}} are taken in opposite orders
// SEM: tangle: lock-order-inversion: {{(shm->first_sem and shm->second_sem|shm->second_sem and shm->first_sem)}} are taken in opposite orders
// FILES: tangle: lock-order-inversion: {{.*}} are taken in opposite orders
// The parent recorded first, so its thread is told first; the child
// names it as its parent.
// CHECK: (pid [[PARENT:[0-9]+]], tid [[PARENT]], main thread) in `shared_objects.c.tmp {{[a-z]+}} {{.*}}`, child of pid {{[0-9]+}}:
// CHECK: (pid [[CHILD:[0-9]+]], tid [[CHILD]], main thread) in `shared_objects.c.tmp {{[a-z]+}} {{.*}}`, child of pid [[PARENT]]:
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 session
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct shared {
  pthread_mutex_t first, second;
  pthread_rwlock_t first_rw, second_rw;
  sem_t first_sem, second_sem;
};

static const char *mode, *dir;
static char shm_name[64], file_name[512];

// Maps the shared object; a child first maps a spare page so that its
// mapping lands elsewhere.
static struct shared *map_shared(int in_child) {
  if (in_child)
    mmap(0, 1 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int fd = -1, flags = MAP_SHARED;
  if (!strcmp(mode, "shm"))
    fd = shm_open(shm_name, O_RDWR | O_CREAT, 0600);
  else if (!strcmp(mode, "file"))
    fd = open(file_name, O_RDWR | O_CREAT, 0600);
  else
    flags |= MAP_ANONYMOUS;
  if (fd >= 0 && ftruncate(fd, sizeof(struct shared)) != 0)
    exit(3);
  void *p = mmap(0, sizeof(struct shared), PROT_READ | PROT_WRITE, flags, fd, 0);
  if (p == MAP_FAILED)
    exit(3);
  if (fd >= 0)
    close(fd);
  return p;
}

static void init_locks(struct shared *shm) {
  pthread_mutexattr_t m;
  pthread_mutexattr_init(&m);
  pthread_mutexattr_setpshared(&m, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&shm->first, &m);
  pthread_mutex_init(&shm->second, &m);
  pthread_rwlockattr_t rw;
  pthread_rwlockattr_init(&rw);
  pthread_rwlockattr_setpshared(&rw, PTHREAD_PROCESS_SHARED);
  pthread_rwlock_init(&shm->first_rw, &rw);
  pthread_rwlock_init(&shm->second_rw, &rw);
  sem_init(&shm->first_sem, 1, 1);
  sem_init(&shm->second_sem, 1, 1);
}

static void lock_files(int reverse, int cmd_lockf) {
  char a[600], b[600];
  snprintf(a, sizeof a, "%s/%s-first", dir, mode);
  snprintf(b, sizeof b, "%s/%s-second", dir, mode);
  int fd[2] = {open(a, O_RDWR | O_CREAT, 0600), open(b, O_RDWR | O_CREAT, 0600)};
  for (int i = 0; i < 2; ++i) {
    int f = fd[reverse ? 1 - i : i];
    if (cmd_lockf) {
      lockf(f, F_LOCK, 0);
    } else {
      struct flock whole = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
      fcntl(f, F_SETLKW, &whole);
    }
  }
  for (int i = 1; i >= 0; --i) {
    int f = fd[reverse ? 1 - i : i];
    if (cmd_lockf) {
      lockf(f, F_ULOCK, 0);
    } else {
      struct flock whole = {.l_type = F_UNLCK, .l_whence = SEEK_SET};
      fcntl(f, F_SETLK, &whole);
    }
  }
  close(fd[0]);
  close(fd[1]);
}

static void lock_pair(struct shared *shm, int reverse) {
  if (!strcmp(mode, "rwlock")) {
    pthread_rwlock_t *a = reverse ? &shm->second_rw : &shm->first_rw;
    pthread_rwlock_t *b = reverse ? &shm->first_rw : &shm->second_rw;
    pthread_rwlock_wrlock(a);
    pthread_rwlock_wrlock(b);
    pthread_rwlock_unlock(b);
    pthread_rwlock_unlock(a);
  } else if (!strcmp(mode, "sem")) {
    sem_t *a = reverse ? &shm->second_sem : &shm->first_sem;
    sem_t *b = reverse ? &shm->first_sem : &shm->second_sem;
    sem_wait(a);
    sem_wait(b);
    sem_post(b);
    sem_post(a);
  } else {
    pthread_mutex_t *a = reverse ? &shm->second : &shm->first;
    pthread_mutex_t *b = reverse ? &shm->first : &shm->second;
    pthread_mutex_lock(a);
    pthread_mutex_lock(b);
    pthread_mutex_unlock(b);
    pthread_mutex_unlock(a);
  }
}

static void work(struct shared *shm, int reverse) {
  if (!strcmp(mode, "lockf") || !strcmp(mode, "fcntl"))
    lock_files(reverse, !strcmp(mode, "lockf"));
  else
    lock_pair(shm, reverse);
}

static void *spinner(void *arg) {
  pause(); // keeps the parent multithreaded through the fork
  return arg;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  mode = argv[1];
  dir = argv[2];
  snprintf(shm_name, sizeof shm_name, "/tangle-objects-%d", (int)getpid());
  snprintf(file_name, sizeof file_name, "%s/%s.map", dir, mode);
  struct shared *shm = map_shared(0);
  init_locks(shm);
  if (!strcmp(mode, "threads")) {
    pthread_t t;
    pthread_create(&t, 0, spinner, 0);
  }
  work(shm, 0);
  int remaps = !strcmp(mode, "shm") || !strcmp(mode, "file");
  pid_t child = fork();
  if (child == 0) {
    struct shared *again = remaps ? map_shared(1) : shm;
    if (remaps)
      fprintf(stderr, "child: %s\n", again != shm ? "mapped elsewhere" : "mapped at the same address");
    work(again, 1);
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  shm_unlink(shm_name);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
