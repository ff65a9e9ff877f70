//===- rt_vector_clock.cpp - vector clocks for the race detector ----------===//
#include "rt_vector_clock.h"

#include <string.h>

namespace __tangle {

uint64_t g_clock_growth_failures;

namespace {

bool grow(VectorClock &vc, uint32_t slots) {
  if (slots <= vc.capacity)
    return true;
  uint32_t capacity = vc.capacity ? vc.capacity : 8;
  while (capacity < slots)
    capacity *= 2;
  auto *clocks = (uint32_t *)small_alloc(capacity * sizeof(uint32_t));
  if (!clocks) {
    __atomic_add_fetch(&g_clock_growth_failures, 1, __ATOMIC_RELAXED);
    return false;
  }
  if (vc.size)
    memcpy(clocks, vc.clocks, vc.size * sizeof(uint32_t));
  small_free(vc.clocks, vc.capacity * sizeof(uint32_t));
  vc.clocks = clocks;
  vc.capacity = capacity;
  return true;
}

} // namespace

bool VectorClock::set(uint32_t slot, uint32_t value) {
  if (slot >= size) {
    if (!grow(*this, slot + 1))
      return false;
    memset(clocks + size, 0, (slot + 1 - size) * sizeof(uint32_t));
    size = slot + 1;
  }
  clocks[slot] = value;
  return true;
}

void VectorClock::join(const VectorClock &other) {
  uint32_t n = other.size;
  if (n > size) {
    if (!grow(*this, n))
      n = capacity;
    if (n > size) {
      memset(clocks + size, 0, (n - size) * sizeof(uint32_t));
      size = n;
    }
  }
  for (uint32_t i = 0; i < n; ++i)
    if (other.clocks[i] > clocks[i])
      clocks[i] = other.clocks[i];
}

void VectorClock::copy_from(const VectorClock &other) {
  uint32_t n = other.size;
  if (!grow(*this, n))
    n = capacity;
  if (n)
    memcpy(clocks, other.clocks, n * sizeof(uint32_t));
  size = n;
}

void VectorClock::release_memory() {
  small_free(clocks, capacity * sizeof(uint32_t));
  clocks = nullptr;
  size = capacity = 0;
}

} // namespace __tangle
