// Two processes use named semaphores as locks (wait, then post), in
// opposite orders: one cycle, named semaphores being one object in every
// process that opens them.
// RUN: %tangle-cc -O1 %s -o %t
// RUN: %expect-exit 66 %tangle run --out %t.out -- %t 2>&1 | FileCheck %s
// CHECK: tangle: lock-order-inversion: {{(jobs and results|results and jobs)}} are taken in opposite orders
// The parent recorded first, so its thread is told first; the child
// names it as its parent.
// CHECK: (pid [[PARENT:[0-9]+]], tid [[PARENT]], main thread) in `{{[^`]+}}`, child of pid {{[0-9]+}}:
// CHECK: (pid [[CHILD:[0-9]+]], tid [[CHILD]], main thread) in `{{[^`]+}}`, child of pid [[PARENT]]:
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  char jobs_name[64], results_name[64];
  snprintf(jobs_name, sizeof jobs_name, "/tangle-jobs-%d", (int)getpid());
  snprintf(results_name, sizeof results_name, "/tangle-results-%d", (int)getpid());
  sem_t *jobs = sem_open(jobs_name, O_CREAT | O_EXCL, 0600, 1);
  sem_t *results = sem_open(results_name, O_CREAT | O_EXCL, 0600, 1);
  if (jobs == SEM_FAILED || results == SEM_FAILED)
    return 1;
  sem_wait(jobs);
  sem_wait(results);
  sem_post(results);
  sem_post(jobs);
  pid_t child = fork();
  if (child == 0) { // opens them again by name: other addresses
    sem_t *j = sem_open(jobs_name, 0), *r = sem_open(results_name, 0);
    sem_t *results = r, *jobs = j;
    sem_wait(results);
    sem_wait(jobs);
    sem_post(jobs);
    sem_post(results);
    _exit(0);
  }
  int status;
  waitpid(child, &status, 0);
  sem_unlink(jobs_name);
  sem_unlink(results_name);
  return WEXITSTATUS(status);
}
