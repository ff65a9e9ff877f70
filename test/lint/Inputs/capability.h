// Clang's capability attributes, in the spellings of clang's docs, and a
// mutex class and a scoped holder that use them (attributes_capability*.cpp).
#ifndef TANGLE_TEST_CAPABILITY_H
#define TANGLE_TEST_CAPABILITY_H
#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
#define ACQUIRED_AFTER(...) __attribute__((acquired_after(__VA_ARGS__)))

class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
  bool TryLock() TRY_ACQUIRE(true);
};

class SCOPED_CAPABILITY MutexLocker {
public:
  explicit MutexLocker(Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu->Lock(); }
  ~MutexLocker() RELEASE() { mu_->Unlock(); }

private:
  Mutex *mu_;
};

#endif
