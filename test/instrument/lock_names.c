// The site table names each lock as the source wrote it, at -O0 and -O2
// (the pass runs before optimisation either way).
// RUN: %clang -g -O0 -fpass-plugin=%tangle-plugin -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -g -O2 -fpass-plugin=%tangle-plugin -S -emit-llvm %s -o - | FileCheck %s
#include <pthread.h>

struct account {
  int balance;
  pthread_mutex_t mu;
};
struct bank {
  struct account accounts[8];
  pthread_mutex_t big_lock;
};

pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t forks[5];
struct bank the_bank;

// CHECK-DAG: c"plain\00"
void global(void) { pthread_mutex_lock(&plain); }
// CHECK-DAG: c"from->mu\00"
void through_pointer(struct account *from) { pthread_mutex_lock(&from->mu); }
// CHECK-DAG: c"acct.mu\00"
void local_struct(void) {
  struct account acct;
  pthread_mutex_lock(&acct.mu);
}
// CHECK-DAG: c"forks[p]\00"
// CHECK-DAG: c"forks[(p + 1) % 5]\00"
void indexed(int p) {
  pthread_mutex_lock(&forks[p]);
  pthread_mutex_lock(&forks[(p + 1) % 5]);
}
// CHECK-DAG: c"the_bank.accounts[i].mu\00"
// CHECK-DAG: c"the_bank.big_lock\00"
void nested(int i) {
  pthread_mutex_lock(&the_bank.big_lock);
  pthread_mutex_lock(&the_bank.accounts[i].mu);
}
// CHECK-DAG: c"b->accounts[3].mu\00"
void nested_pointer(struct bank *b) { pthread_mutex_lock(&b->accounts[3].mu); }
// A pointer variable names its pointee.
// CHECK-DAG: c"m\00"
void pointer_variable(pthread_mutex_t *m) { pthread_mutex_lock(m); }
// CHECK-DAG: c"table[k]\00"
void pointer_indexed(pthread_mutex_t *table, int k) { pthread_mutex_lock(&table[k]); }

// The functions are named in the site table too.
// CHECK-DAG: c"through_pointer\00"
// CHECK-DAG: c"nested_pointer\00"

// A lock that is the first member shares its container's address (clang
// folds &f->mu to f); it is still named as the member.
struct first_member {
  pthread_mutex_t mu;
  int value;
};
// CHECK-DAG: c"f->mu\00"
void first(struct first_member *f) { pthread_mutex_lock(&f->mu); }

// The first element of an array that is the first member: &b->slots[0]
// folds to b.
struct table {
  pthread_mutex_t slots[4];
};
// CHECK-DAG: c"t->slots[0]\00"
void first_slot(struct table *t) { pthread_mutex_lock(&t->slots[0]); }
