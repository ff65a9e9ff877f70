//===- rt_race_report.cpp - locksets and RACE records ---------------------===//
//
// A cell keeps, with its epoch, the id of the set of locks its thread held
// (12 bits): sets are interned process-wide by the held stack's chain key
// (rt_chain.h), so a thread asks the table only when its held stack has
// changed since its last access. A report turns both ids back into locks,
// so it can say "T2 held a, T3 held b" for the different-locks case.
//
// Reports are written by the thread that finds the race, once per pair of
// sites per process (a set of 64 Ki pairs; beyond that new pairs are
// counted, not written). The earlier access's site comes from a cell, so it
// is trusted only if it lies in a registered site table.
//
//===----------------------------------------------------------------------===//
#include "rt_race_report.h"
#include "rt_race_meta.h"

#include <string.h>

namespace __tangle {

uint64_t g_unreported_races, g_untracked_threads;

namespace {

//===-- Locksets ------------------------------------------------------------===//

constexpr uint32_t kMaxLocksets = kNoLockset - 1; // ids 1..4094
constexpr uint32_t kLocksPerSet = 8;
constexpr uint32_t kHashSlots = 8192;

struct LockInSet {
  uptr lock;
  __tangle_site *site;
  uint16_t flags, generation;
};
struct Lockset {
  uint64_t key;
  uint32_t count;     // locks kept (the newest kLocksPerSet)
  uint32_t truncated; // locks left out
  LockInSet locks[kLocksPerSet];
};

struct LocksetTable {
  uint32_t lock;
  uint32_t count;
  Lockset *sets;        // by id - 1
  uint32_t *hash;       // kHashSlots ids, 0 empty
  bool full_said;
};
LocksetTable g_locksets;

uint32_t intern(ThreadState *t, uint64_t key) {
  LocksetTable &tab = g_locksets;
  spin_lock(&tab.lock);
  if (!tab.sets) {
    tab.sets = (Lockset *)internal_alloc(kMaxLocksets * sizeof(Lockset));
    tab.hash = (uint32_t *)internal_alloc(kHashSlots * sizeof(uint32_t));
  }
  uint32_t id = kNoLockset;
  if (tab.sets && tab.hash) {
    for (uint32_t i = (uint32_t)key & (kHashSlots - 1);; i = (i + 1) & (kHashSlots - 1)) {
      uint32_t found = tab.hash[i];
      if (found && tab.sets[found - 1].key == key) {
        id = found;
        break;
      }
      if (!found) {
        if (tab.count < kMaxLocksets) {
          id = ++tab.count;
          Lockset &s = tab.sets[id - 1];
          s.key = key;
          uint32_t n = t->num_held;
          uint32_t first = n > kLocksPerSet ? n - kLocksPerSet : 0;
          s.truncated = first;
          s.count = n - first;
          for (uint32_t j = first; j < n; ++j)
            s.locks[j - first] = {t->held[j].lock, t->held[j].site,
                                  t->held[j].flags, t->held[j].generation};
          tab.hash[i] = id;
        }
        break;
      }
    }
  }
  bool say = id == kNoLockset && !tab.full_said;
  tab.full_said |= say;
  spin_unlock(&tab.lock);
  if (say)
    report_warning("more than %u different sets of held locks: races are "
                   "reported without the locks held at newer accesses",
                   kMaxLocksets);
  return id;
}

// The locks of a set id, written as chain entries; returns how many.
uint32_t export_lockset(ThreadState *t, uint32_t id, tangle_chain_entry *out) {
  if (!id || id == kNoLockset || id > g_locksets.count)
    return 0;
  const Lockset &s = g_locksets.sets[id - 1];
  for (uint32_t i = 0; i < s.count; ++i)
    out[i] = {(uint64_t)s.locks[i].lock, export_site(t, s.locks[i].site),
              s.locks[i].flags, s.locks[i].generation};
  return s.count;
}

//===-- Trusted site tables ---------------------------------------------------===//

struct SiteTable {
  const __tangle_site *sites;
  uint64_t count;
};
uint32_t g_tables_lock;
SiteTable *g_tables;
uint32_t g_num_tables, g_tables_capacity;

bool trusted_site(const __tangle_site *site) {
  bool ok = false;
  spin_lock(&g_tables_lock);
  for (uint32_t i = 0; i < g_num_tables && !ok; ++i) {
    const SiteTable &tab = g_tables[i];
    if (site >= tab.sites && site < tab.sites + tab.count)
      ok = ((uptr)site - (uptr)tab.sites) % sizeof(__tangle_site) == 0;
  }
  spin_unlock(&g_tables_lock);
  return ok;
}

//===-- One report per pair of sites -------------------------------------------===//

constexpr uint32_t kReportedSlots = 1u << 16;
constexpr uint32_t kMaxFrames = 16;

// One entry per unordered pair of sites. The first report of a pair has
// the later access's stack only: the earlier access's is gone. When the
// earlier access's thread comes back to its site and races with the other
// site, one more report (the reverse) brings that thread's stack there;
// the analyzer joins the two into one finding.
struct ReportedPair {
  uint64_t key;                // of the unordered pair; 0: a free entry
  __tangle_site *reverse_site; // the first report's earlier site and
  uint32_t reverse_slot;       // thread; 0: no reverse awaited any more
  uint32_t ready;              // the two fields above are written
};
ReportedPair *g_reported;

uint64_t pair_key(__tangle_site *a, __tangle_site *b) {
  uptr lo = (uptr)a < (uptr)b ? (uptr)a : (uptr)b, hi = (uptr)a ^ (uptr)b ^ lo;
  uint64_t key = ((uint64_t)lo * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)hi * 0xC2B2AE3D27D4EB4Full);
  return key ? key : 1;
}

bool ensure_reported_table() {
  if (__atomic_load_n(&g_reported, __ATOMIC_ACQUIRE))
    return true;
  auto *fresh = (ReportedPair *)internal_alloc(kReportedSlots * sizeof(ReportedPair));
  ReportedPair *expected = nullptr;
  if (!fresh || !__atomic_compare_exchange_n(&g_reported, &expected, fresh, false,
                                             __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    internal_free(fresh, kReportedSlots * sizeof(ReportedPair));
  return __atomic_load_n(&g_reported, __ATOMIC_ACQUIRE) != nullptr;
}

// The entry holding `key`, or else the free entry where it would go;
// nullptr when 64 probes find neither.
ReportedPair *find_pair(ReportedPair *table, uint64_t key) {
  for (uint32_t i = (uint32_t)(key >> 40) & (kReportedSlots - 1), probes = 0;
       probes < 64; i = (i + 1) & (kReportedSlots - 1), ++probes) {
    uint64_t cur = __atomic_load_n(&table[i].key, __ATOMIC_ACQUIRE);
    if (cur == key || cur == 0)
      return &table[i];
  }
  return nullptr;
}

// Does the reported pair still await its reverse, from this thread at
// this site (the first report's earlier access)?
bool awaits_reverse(const ReportedPair &e, __tangle_site *now, uint32_t now_slot) {
  return now_slot && __atomic_load_n(&e.ready, __ATOMIC_ACQUIRE) &&
         e.reverse_site == now &&
         __atomic_load_n(&e.reverse_slot, __ATOMIC_RELAXED) == now_slot;
}

// A race that repeats (a racy field read on every call) asks the table
// without a lock: true when the pair is reported and no reverse is awaited
// from this thread at this site, so there is nothing to write. `earlier`
// is the cell's site as read, not yet checked.
bool pair_settled(__tangle_site *now, uint32_t now_slot, __tangle_site *earlier) {
  ReportedPair *table = __atomic_load_n(&g_reported, __ATOMIC_ACQUIRE);
  if (!table)
    return false;
  uint64_t key = pair_key(now, earlier);
  ReportedPair *e = find_pair(table, key);
  return e && __atomic_load_n(&e->key, __ATOMIC_ACQUIRE) == key &&
         !awaits_reverse(*e, now, now_slot);
}

// Whether the race of `now` (by the thread of `now_slot`) with `earlier`
// (by `earlier_slot`) is reported: the first time its pair of sites is
// seen, and its reverse once; never when the set is full.
bool claim_report(__tangle_site *now, uint32_t now_slot,
                  __tangle_site *earlier, uint32_t earlier_slot) {
  if (!ensure_reported_table())
    return false;
  uint64_t key = pair_key(now, earlier);
  while (ReportedPair *e = find_pair(g_reported, key)) {
    uint64_t cur = 0;
    if (__atomic_compare_exchange_n(&e->key, &cur, key, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
      e->reverse_site = earlier;
      e->reverse_slot = earlier ? earlier_slot : 0;
      __atomic_store_n(&e->ready, 1u, __ATOMIC_RELEASE);
      return true;
    }
    if (cur == key) { // seen before: its reverse, once
      uint32_t awaited = now_slot;
      return awaits_reverse(*e, now, now_slot) &&
             __atomic_compare_exchange_n(&e->reverse_slot, &awaited, 0u, false,
                                         __ATOMIC_RELAXED, __ATOMIC_RELAXED);
    }
    // another pair took the free entry first: look again
  }
  __atomic_add_fetch(&g_unreported_races, 1, __ATOMIC_RELAXED);
  return false;
}

// The heap block holding `addr`: a block word is at its first granule, so
// look back from `addr` (up to 1 MiB) for the nearest one.
uint64_t find_block(uptr addr, uptr *start) {
  constexpr uptr kLookBack = (uptr)1 << 20;
  uptr a = addr & ~(uptr)7;
  for (uptr back = 0; back <= kLookBack && a >= back; back += 8) {
    uint64_t *meta = meta_if_mapped(a - back);
    if (!meta)
      return 0;
    uint64_t block = meta_block(__atomic_load_n(meta, __ATOMIC_ACQUIRE));
    if (block) {
      *start = a - back;
      return *start + block_size(block) > addr ? block : 0;
    }
  }
  return 0;
}

uint16_t bytes_in(uint8_t mask) { return (uint16_t)__builtin_popcount(mask); }

void fill_access(ThreadState *t, tangle_race_access &out, __tangle_site *site,
                 uint32_t uid, bool write, bool atomic, uint32_t size,
                 uint32_t lockset, uint32_t num_held) {
  out = {};
  out.site_id = site ? export_site(t, site) : 0;
  out.thread_uid = uid;
  out.flags = (write ? TANGLE_ACCESS_WRITE : 0) | (atomic ? TANGLE_ACCESS_ATOMIC : 0) |
              (lockset == kNoLockset ? TANGLE_ACCESS_LOCKS_UNKNOWN : 0);
  out.size = (uint16_t)(size < 0xFFFF ? size : 0xFFFF);
  out.num_held = (uint16_t)num_held;
}

} // namespace

// A thread's recent held sets, so that taking and releasing the same
// locks again does not go to the shared table.
void reports_after_fork() {
  g_locksets.lock = 0;
  g_tables_lock = 0;
}

uint32_t lockset_slow(RaceThread *r) {
  ThreadState *t = r->owner;
  uint64_t key = t->held[t->num_held - 1].chain_key;
  uint32_t slot = (uint32_t)(key >> 32) % RaceThread::kLocksetCache;
  if (r->lockset_cache_keys[slot] != key) {
    r->lockset_cache_keys[slot] = key;
    r->lockset_cache_ids[slot] = intern(t, key);
  }
  r->lockset = r->lockset_cache_ids[slot];
  r->lockset_key = key;
  return r->lockset;
}

void register_site_table(const __tangle_site *sites, uint64_t count) {
  spin_lock(&g_tables_lock);
  if (g_num_tables == g_tables_capacity) {
    uint32_t capacity = g_tables_capacity ? 2 * g_tables_capacity : 16;
    auto *grown = (SiteTable *)small_alloc(capacity * sizeof(SiteTable));
    if (grown) {
      if (g_num_tables)
        memcpy(grown, g_tables, g_num_tables * sizeof(SiteTable));
      small_free(g_tables, g_tables_capacity * sizeof(SiteTable));
      g_tables = grown;
      g_tables_capacity = capacity;
    }
  }
  if (g_num_tables < g_tables_capacity)
    g_tables[g_num_tables++] = {sites, count};
  spin_unlock(&g_tables_lock);
}

void report_race(RaceThread *r, const RaceAccess &now, const Cell &earlier,
                 bool earlier_write) {
  __tangle_site *earlier_site = cell_site(earlier);
  if (pair_settled(now.site, r->slot, earlier_site))
    return; // before trusted_site, which takes the site tables' lock
  if (!trusted_site(earlier_site))
    earlier_site = nullptr; // a torn cell: tell the race without that site
  if (!claim_report(now.site, r->slot, earlier_site, cell_slot(earlier)))
    return;
  ThreadState *t = r->owner;
  if (t->pass_through || !ensure_thread_registered(t))
    return;
  ++r->ignore;
  t->pass_through |= kInRuntime;
  RaceThread *other = race_thread_of_slot(cell_slot(earlier));
  uint32_t other_uid = other && other->owner ? other->owner->uid : 0;
  tangle_chain_entry held[2 * kLocksPerSet];
  uint32_t now_set = current_lockset(r), then_set = cell_lockset(earlier);
  uint32_t n_now = export_lockset(t, now_set, held);
  uint32_t n_then = export_lockset(t, then_set, held + n_now);
  uptr start = 0;
  uint64_t block = find_block(now.addr, &start);
  uint32_t allocated_at = block ? block_site(block) : 0;
  tangle_stack_frame frames[kMaxFrames];
  uint32_t n_frames = now.frame ? capture_stack(r, now.frame, frames, kMaxFrames) : 0;
  uint32_t bytes = sizeof(tangle_race_record) + (n_now + n_then) * sizeof held[0] +
                   n_frames * sizeof frames[0];
  tangle_race_access current, previous;
  fill_access(t, current, now.site, t->uid, now.write, now.atomic, now.size,
              now_set, n_now);
  fill_access(t, previous, earlier_site, other_uid, earlier_write,
              (cell_flags(earlier) & kCellAtomic) != 0, bytes_in(cell_mask(earlier)),
              then_set, n_then);
  if (auto *rec = (tangle_race_record *)record_reserve(t, bytes)) {
    memset(rec, 0, sizeof *rec);
    rec->h = {TANGLE_REC_RACE, 0, bytes};
    rec->address = (uint64_t)now.addr;
    rec->current = current;
    rec->previous = previous;
    rec->block_start = block ? (uint64_t)start : 0;
    rec->block_size = block ? block_size(block) : 0;
    rec->block_site_id = allocated_at;
    memcpy(rec->held, held, (n_now + n_then) * sizeof held[0]);
    rec->num_frames = n_frames;
    memcpy(rec->held + n_now + n_then, frames, n_frames * sizeof frames[0]);
    record_commit(t, bytes);
  }
  t->pass_through &= ~kInRuntime;
  --r->ignore;
}

void write_race_stats(ThreadState *t) {
  uint64_t unreported = __atomic_load_n(&g_unreported_races, __ATOMIC_RELAXED);
  uint64_t evicted = evicted_reads();
  uint64_t untracked = __atomic_load_n(&g_untracked_threads, __ATOMIC_RELAXED);
  uint64_t clocks = __atomic_load_n(&g_clock_growth_failures, __ATOMIC_RELAXED);
  if (!(unreported | evicted | untracked | clocks) || !ensure_thread_registered(t))
    return;
  auto *rec = (tangle_race_stats_record *)record_reserve(t, sizeof(tangle_race_stats_record));
  if (!rec)
    return;
  rec->h = {TANGLE_REC_RACE_STATS, 0, sizeof *rec};
  rec->unreported_races = unreported;
  rec->evicted_reads = evicted;
  rec->untracked_threads = untracked;
  rec->clock_failures = clocks;
  record_commit(t, sizeof *rec);
}

} // namespace __tangle
