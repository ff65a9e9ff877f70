#include <pthread.h>

struct own_mutex {
  pthread_mutex_t lock;
  const char *where;
};

#define STRINGIZE(x) #x
#define LOCATION(line) __FILE__ ":" STRINGIZE(line)
#define own_mutex_lock(m) own_mutex_lock_at(m, LOCATION(__LINE__))

void own_mutex_init(struct own_mutex *m);
void own_mutex_lock_at(const struct own_mutex *m, const char *where);
void own_mutex_unlock(const struct own_mutex *m);
