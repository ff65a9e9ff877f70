// A function that holds a lock while it recurses (here through a second
// function) takes the lock again in the inner call: a double lock, found
// through the recursive group's summaries. Its twin walk_fixed releases
// the lock before it recurses.
// RUN: %expect-exit 1 %tangle lint %s -- 2>&1 | FileCheck %s --implicit-check-not=walk_fixed --implicit-check-not=warning
// CHECK: tangle: double-lock: walk locks tree_lock again while holding it (a non-recursive lock: the thread waits for itself)
// CHECK-NEXT: walk (static: a path in the code, found by tangle lint):
// CHECK-NEXT: double_lock_recursion.c:[[#@LINE+21]]:3: in walk: acquired tree_lock
// CHECK: double_lock_recursion.c:[[#@LINE+21]]:24: in walk: calls visit_children
// CHECK: double_lock_recursion.c:[[#@LINE+14]]:12: in visit_children: calls walk
// CHECK: double_lock_recursion.c:[[#@LINE+18]]:3: in walk: locks it again while holding it
// CHECK: tangle: 1 finding (1 double-lock) in 1 file
#include <pthread.h>

struct node { struct node *left, *right; int value; };
static pthread_mutex_t tree_lock = PTHREAD_MUTEX_INITIALIZER;

int walk(struct node *n);
static int visit_children(struct node *n) {
  int sum = 0;
  if (n->left)
    sum += walk(n->left);
  if (n->right)
    sum += walk(n->right);
  return sum;
}

int walk(struct node *n) {
  pthread_mutex_lock(&tree_lock);
  int sum = n->value + visit_children(n);
  pthread_mutex_unlock(&tree_lock);
  return sum;
}

int walk_fixed(struct node *n);
static int visit_fixed(struct node *n) {
  return (n->left ? walk_fixed(n->left) : 0) + (n->right ? walk_fixed(n->right) : 0);
}

int walk_fixed(struct node *n) {
  pthread_mutex_lock(&tree_lock);
  int value = n->value;
  pthread_mutex_unlock(&tree_lock);
  return value + visit_fixed(n);
}
