// The shape of Open vSwitch's lib/ovs-thread.h: mutexes wrapped in a struct,
// taken through functions carrying Clang thread-safety attributes (the old
// spellings, as OVS's compiler.h writes them), called through macros that
// pass the caller's location.
#include <pthread.h>

#define OVS_LOCKABLE __attribute__((lockable))
#define OVS_ACQUIRES(...) __attribute__((exclusive_lock_function(__VA_ARGS__)))
#define OVS_RELEASES(...) __attribute__((unlock_function(__VA_ARGS__)))
#define OVS_TRY_LOCK(RETVAL, ...) __attribute__((exclusive_trylock_function(RETVAL, __VA_ARGS__)))
#define OVS_REQUIRES(...) __attribute__((exclusive_locks_required(__VA_ARGS__)))
#define OVS_UNLIKELY(x) __builtin_expect(!!(x), 0)

struct OVS_LOCKABLE ovs_mutex {
  pthread_mutex_t lock;
  const char *where;
};

void ovs_mutex_lock_at(const struct ovs_mutex *mutex, const char *where) OVS_ACQUIRES(mutex);
#define ovs_mutex_lock(mutex) ovs_mutex_lock_at(mutex, __FILE__)
int ovs_mutex_trylock_at(const struct ovs_mutex *mutex, const char *where) OVS_TRY_LOCK(0, mutex);
#define ovs_mutex_trylock(mutex) ovs_mutex_trylock_at(mutex, __FILE__)
void ovs_mutex_unlock(const struct ovs_mutex *mutex) OVS_RELEASES(mutex);
void ovs_mutex_cond_wait(pthread_cond_t *, const struct ovs_mutex *mutex) OVS_REQUIRES(mutex);
