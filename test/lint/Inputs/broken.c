// Does not compile: tangle lint says so in one line and exits 2.
#include <pthread.h>
void f(void) {
  pthread_mutex_lock(&undeclared_lock);
}
