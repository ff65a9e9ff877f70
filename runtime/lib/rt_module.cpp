//===- rt_module.cpp - registration of instrumented modules ----------------===//
//
// Every instrumented module registers itself from a constructor. The
// runtime writes the module's lock-holding globals to the session, so the
// analyzer can name any lock inside them ("accounts[3].mu") whatever site
// takes it.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <string.h>

using namespace __tangle;

namespace {

constexpr uint32_t kMaxGlobalName = 4095;

void write_lock_global(ThreadState *t, const __tangle_lock_global &g) {
  uint32_t name_len = bounded_strlen(g.name, kMaxGlobalName);
  uint32_t unit_len = bounded_strlen(g.unit, kMaxGlobalName);
  uint32_t bytes = round_up8(sizeof(tangle_lock_global_record) + name_len + unit_len + 2);
  auto *r = (tangle_lock_global_record *)record_reserve(t, bytes);
  if (!r)
    return;
  memset(r, 0, bytes);
  r->h.type = TANGLE_REC_LOCK_GLOBAL;
  r->h.size = bytes;
  r->address = (uint64_t)(uptr)g.address;
  r->stride = g.stride;
  r->count = g.count;
  r->name_len = name_len;
  r->unit_len = unit_len;
  char *p = put_string((char *)(r + 1), g.name, name_len);
  put_string(p, g.unit, unit_len);
  record_commit(t, bytes);
}

} // namespace

TANGLE_EXPORT void __tangle_register_module(const __tangle_module *m) {
  if (!m || m->abi_version != TANGLE_ABI_VERSION) {
    report_warning("a module was built for another tangle runtime (ABI %u, "
                   "runtime %u); its locks are not named",
                   m ? m->abi_version : 0u, (unsigned)TANGLE_ABI_VERSION);
    return;
  }
  ThreadState *t = current_thread();
  if (t->pass_through || !ensure_thread_registered(t))
    return;
  t->pass_through |= kInRuntime;
  for (uint32_t i = 0; i < m->num_globals; ++i)
    write_lock_global(t, m->globals[i]);
  t->pass_through &= ~kInRuntime;
}
