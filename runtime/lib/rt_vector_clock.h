//===- rt_vector_clock.h - vector clocks for the race detector --*- C++ -*-===//
//
// A vector clock maps a thread slot to the last clock of that thread that
// happened before. Slots past `size` are 0. Clocks grow on demand (there is
// no fixed thread limit), from the runtime's small-block allocator; a
// growth that fails keeps the old size, which loses ordering (a possible
// extra report) only when memory has run out, and is counted.
//
// A thread's own clock is touched only by its thread; an object's clock
// only under the object's lock (rt_race_sync.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef TANGLE_RT_VECTOR_CLOCK_H
#define TANGLE_RT_VECTOR_CLOCK_H

#include "rt_internal.h"

namespace __tangle {

struct VectorClock {
  uint32_t *clocks;
  uint32_t size;     // slots in use
  uint32_t capacity; // slots allocated

  TANGLE_ALWAYS_INLINE uint32_t at(uint32_t slot) const {
    return slot < size ? clocks[slot] : 0;
  }
  // Sets one slot, growing as needed; false when memory ran out.
  bool set(uint32_t slot, uint32_t value);
  // this = max(this, other), slot by slot.
  void join(const VectorClock &other);
  void copy_from(const VectorClock &other);
  void clear() { size = 0; }
  void release_memory();
};

// Growths that failed for want of memory (reported in the session).
extern uint64_t g_clock_growth_failures;

} // namespace __tangle

#endif // TANGLE_RT_VECTOR_CLOCK_H
