// Two bank transfers, each locking the source account and then the
// destination: one from account_a to account_b, one back. Run at the same
// moment they can deadlock; tangle reports the inversion from one run in
// which they did not.
#include <pthread.h>
#include <stdio.h>

struct account {
  long balance;
  pthread_mutex_t mu;
};

struct account account_a = {100, PTHREAD_MUTEX_INITIALIZER};
struct account account_b = {100, PTHREAD_MUTEX_INITIALIZER};

static void transfer(struct account *from, struct account *to, long amount) {
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
}

static void *pay_b(void *arg) { transfer(&account_a, &account_b, 10); return 0; }
static void *refund_a(void *arg) { transfer(&account_b, &account_a, 10); return 0; }

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, pay_b, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, refund_a, 0);
  pthread_join(t, 0);
  printf("balances: a=%ld b=%ld\n", account_a.balance, account_b.balance);
  return 0;
}
