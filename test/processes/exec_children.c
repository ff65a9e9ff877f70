// Children started with fork+exec, posix_spawn and system() join the run's
// session (TANGLE_SESSION travels in the environment): a file-lock cycle
// between the parent and an exec'd child is reported, and the session shows
// every process.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: rm -rf %t.files && mkdir -p %t.files
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t %t.files 2>&1 | FileCheck %s
// RUN: %expect-exit 1 %tangle analyze --format json %t.out | FileCheck --check-prefix=JSON %s
// CHECK: tangle: lock-order-inversion: {{.*}} are taken in opposite orders
// CHECK-DAG: in take_files: acquired
// CHECK: tangle: 1 finding (1 lock-order-inversion) in 1 session
// The parent, the exec'd child, the posix_spawn'd child and the shell and
// program of system(): five processes of one session. The forked child that
// exec'd is followed by its new image, whose parent is in the run.
// JSON: "end": "replaced by exec"
// JSON: "args": [
// JSON-NEXT: "{{.*}}exec_children.c.tmp",
// JSON-NEXT: "{{.*}}.files",
// JSON-NEXT: "child"
// JSON: "parent_in_run": true,
// JSON: "processes": 5
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void take_files(const char *dir, const char *first, const char *second) {
  char a[512], b[512];
  snprintf(a, sizeof a, "%s/%s", dir, first);
  snprintf(b, sizeof b, "%s/%s", dir, second);
  int fa = open(a, O_RDWR | O_CREAT, 0600), fb = open(b, O_RDWR | O_CREAT, 0600);
  flock(fa, LOCK_EX);
  flock(fb, LOCK_EX);
  flock(fb, LOCK_UN);
  flock(fa, LOCK_UN);
  close(fa);
  close(fb);
}

int main(int argc, char **argv) {
  const char *dir = argv[1];
  if (argc > 2 && !strcmp(argv[2], "child")) { // the exec'd child
    take_files(dir, "config.lock", "data.lock");
    return 0;
  }
  if (argc > 2 && !strcmp(argv[2], "quiet"))
    return 0; // spawned just to join the session
  take_files(dir, "data.lock", "config.lock");
  pid_t child = fork();
  if (child == 0) {
    execl(argv[0], argv[0], dir, "child", (char *)0);
    _exit(127);
  }
  waitpid(child, 0, 0);
  char *spawn_argv[] = {argv[0], (char *)dir, "quiet", 0};
  pid_t spawned;
  posix_spawn(&spawned, argv[0], 0, 0, spawn_argv, environ);
  waitpid(spawned, 0, 0);
  char command[1024];
  snprintf(command, sizeof command, "%s %s quiet", argv[0], dir);
  return system(command) == 0 ? 0 : 1;
}
