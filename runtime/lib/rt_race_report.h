//===- rt_race_report.h - telling a race ------------------------*- C++ -*-===//
#ifndef TANGLE_RT_RACE_REPORT_H
#define TANGLE_RT_RACE_REPORT_H

#include "rt_race.h"
#include "rt_race_shadow.h"

namespace __tangle {

struct RaceAccess {
  uptr addr;
  uint32_t size;
  __tangle_site *site;
  bool write;
  bool atomic;
  uptr frame; // the hook's frame address (0: no stack)
};

// The current thread's access `now` races with the earlier access `earlier`
// (a write cell if `earlier_write`, else a read). Writes a RACE record,
// once per pair of sites, and once more for the pair's reverse (the earlier
// access's thread racing again from its site), which brings its stack.
void report_race(RaceThread *r, const RaceAccess &now, const Cell &earlier,
                 bool earlier_write);

// Site tables of race-instrumented modules, to trust a site read from a cell.
void register_site_table(const __tangle_site *sites, uint64_t count);

} // namespace __tangle

#endif // TANGLE_RT_RACE_REPORT_H
