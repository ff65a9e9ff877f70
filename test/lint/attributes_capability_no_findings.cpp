// The twin of attributes_capability.cpp: the declared order followed
// through a SCOPED_CAPABILITY holder, a TRY_ACQUIRE that returns on
// failure, and an ACQUIRE-annotated function (the attribute, not its body,
// is what callers rely on: no leak). Nothing to report.
// RUN: %expect-exit 0 %tangle lint %s -- -std=c++17 2>&1 | FileCheck %s --implicit-check-not=lock-
// CHECK: tangle: 0 findings in 1 file
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

Mutex mu1;
Mutex mu2 ACQUIRED_AFTER(mu1);
int shared_state;

void in_order() {
  MutexLocker l1(&mu1);
  MutexLocker l2(&mu2);
  shared_state++;
}

bool take_if_free() {
  if (!mu1.TryLock())
    return false;
  shared_state = 0;
  mu1.Unlock();
  return true;
}

void acquire_fast(bool fast) ACQUIRE(mu1) {
  mu1.Lock();
  if (fast)
    return;
  mu1.Unlock();
  mu1.Lock();
}

void use_fast() {
  acquire_fast(true);
  shared_state = 1;
  mu1.Unlock();
}
