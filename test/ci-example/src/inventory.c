// The inventory: stock counts under stock_lock, an audit trail under
// audit_lock, a report cache under report_lock.
//
// A known, accepted bug (in tangle-baseline.json): restock takes stock_lock
// then audit_lock, audit takes them the other way round.
// With PLANT_NEW_INVERSION, report does the same with report_lock: new.
#include "inventory.h"

#include <pthread.h>

#define ITEMS 16
static int stock[ITEMS];
static int audited, reported;
pthread_mutex_t stock_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t audit_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;

void restock(int item, int count) {
  pthread_mutex_lock(&stock_lock);
  stock[item % ITEMS] += count;
  pthread_mutex_lock(&audit_lock);
  ++audited;
  pthread_mutex_unlock(&audit_lock);
#ifdef PLANT_NEW_INVERSION
  pthread_mutex_lock(&report_lock);
  ++reported;
  pthread_mutex_unlock(&report_lock);
#endif
  pthread_mutex_unlock(&stock_lock);
}

int audit(void) {
  pthread_mutex_lock(&audit_lock);
  pthread_mutex_lock(&stock_lock);
  int total = 0;
  for (int i = 0; i < ITEMS; ++i)
    total += stock[i];
  pthread_mutex_unlock(&stock_lock);
  pthread_mutex_unlock(&audit_lock);
  return total;
}

int report(void) {
  pthread_mutex_lock(&report_lock);
  pthread_mutex_lock(&stock_lock);
  int items = 0;
  for (int i = 0; i < ITEMS; ++i)
    items += stock[i] > 0;
  pthread_mutex_unlock(&stock_lock);
  ++reported;
  pthread_mutex_unlock(&report_lock);
  return items;
}
