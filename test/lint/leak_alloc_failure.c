// An allocation that fails returns NULL with the list lock still held; the
// twin, push_fixed, unlocks before returning. A lookup that returns the
// locked node or NULL unlocked is a conditional acquire, not a leak
// (find_locked): what it returns tells the caller which it did.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=push_fixed --implicit-check-not=find_locked
// CHECK: tangle: lock-leak: push can return holding list_lock, which it releases on other paths
// CHECK: leak_alloc_failure.c:[[#@LINE+11]]:3: in push: acquired list_lock
// CHECK: leak_alloc_failure.c:[[#@LINE+13]]:5: in push: returns holding list_lock
// CHECK: tangle: 1 finding (1 lock-leak) in 1 file
#include <pthread.h>
#include <stdlib.h>

struct node { struct node *next; int value; };
static struct node *head;
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;

struct node *push(int value) {
  pthread_mutex_lock(&list_lock);
  struct node *n = malloc(sizeof *n);
  if (!n)
    return NULL; // still holding list_lock
  n->value = value;
  n->next = head;
  head = n;
  pthread_mutex_unlock(&list_lock);
  return n;
}

struct node *push_fixed(int value) {
  pthread_mutex_lock(&list_lock);
  struct node *n = malloc(sizeof *n);
  if (!n) {
    pthread_mutex_unlock(&list_lock);
    return NULL;
  }
  n->value = value;
  n->next = head;
  head = n;
  pthread_mutex_unlock(&list_lock);
  return n;
}

// Returns the node with list_lock held, or NULL without it.
struct node *find_locked(int value) {
  pthread_mutex_lock(&list_lock);
  struct node *n = head;
  while (n && n->value != value)
    n = n->next;
  if (!n) {
    pthread_mutex_unlock(&list_lock);
    return NULL;
  }
  return n;
}

int bump(int value) {
  struct node *n = find_locked(value);
  if (!n)
    return -1;
  n->value++;
  pthread_mutex_unlock(&list_lock);
  return 0;
}
