//===- rt_maps.cpp - which locks live in memory shared between processes --===//
//
// A lock's address means something only in its process. A lock in a
// MAP_SHARED mapping (a shm segment, a mapped file, a named semaphore,
// shared anonymous memory a fork child inherits) is the same lock in every
// process that maps the object, at whatever address. For every lock the
// runtime records (slow paths only), this file finds out whether it is in
// a shared mapping and, the first time, writes a SHARED_LOCK record naming
// it by (device, inode, offset).
//
// The mappings come from /proc/self/maps, kept sorted in runtime memory and
// read again only when an address falls outside every mapping known (a new
// mmap). A spinlock guards the table: it is taken only in slow paths, never
// around program code, and a thread in the runtime is never re-entered.
//
//===----------------------------------------------------------------------===//
#include "rt_chain.h"

#include <fcntl.h>
#include <unistd.h>

namespace __tangle {
namespace {

struct Mapping {
  uptr start, end;
  uint64_t offset, device, inode;
  bool shared;
};

struct MapTable {
  Mapping *entries;
  uint32_t count, capacity;
  uint32_t lock; // spinlock
};
MapTable g_maps;

constexpr uint64_t kSharedSalt = 0x5348524400000000ull; // "SHRD"

uint64_t hex(const char *&p) {
  uint64_t v = 0;
  for (;; ++p) {
    char c = *p;
    if (c >= '0' && c <= '9')
      v = v * 16 + (uint64_t)(c - '0');
    else if (c >= 'a' && c <= 'f')
      v = v * 16 + (uint64_t)(c - 'a' + 10);
    else
      return v;
  }
}

uint64_t dec(const char *&p) {
  uint64_t v = 0;
  for (; *p >= '0' && *p <= '9'; ++p)
    v = v * 10 + (uint64_t)(*p - '0');
  return v;
}

// "start-end perms offset major:minor inode path"
bool parse_line(const char *p, Mapping &m) {
  m.start = hex(p);
  if (*p++ != '-')
    return false;
  m.end = hex(p);
  if (*p++ != ' ' || !p[0] || !p[1] || !p[2] || !p[3])
    return false;
  m.shared = p[3] == 's';
  p += 4;
  if (*p++ != ' ')
    return false;
  m.offset = hex(p);
  ++p;
  uint64_t major = hex(p);
  ++p;
  uint64_t minor = hex(p);
  ++p;
  m.device = (major << 32) | minor;
  m.inode = dec(p);
  return true;
}

bool add(MapTable &t, const Mapping &m) {
  if (t.count == t.capacity) {
    uint32_t capacity = t.capacity ? t.capacity * 2 : 256;
    auto *entries = (Mapping *)internal_alloc(capacity * sizeof(Mapping));
    if (!entries)
      return false;
    for (uint32_t i = 0; i < t.count; ++i)
      entries[i] = t.entries[i];
    internal_free(t.entries, t.capacity * sizeof(Mapping));
    t.entries = entries;
    t.capacity = capacity;
  }
  t.entries[t.count++] = m;
  return true;
}

// Re-reads /proc/self/maps into the table (sorted: the kernel lists
// mappings by address).
void reload(MapTable &t) {
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  t.count = 0;
  char buf[4096], line[512];
  uint32_t len = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0)
      break;
    for (ssize_t i = 0; i < n; ++i) {
      if (buf[i] != '\n') {
        if (len < sizeof line - 1)
          line[len++] = buf[i];
        continue;
      }
      line[len] = '\0';
      Mapping m;
      if (parse_line(line, m))
        add(t, m);
      len = 0;
    }
  }
  close(fd);
}

const Mapping *find(const MapTable &t, uptr address) {
  uint32_t lo = 0, hi = t.count;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (t.entries[mid].end <= address)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < t.count && t.entries[lo].start <= address ? &t.entries[lo] : nullptr;
}

// The shared object and offset of `address`, if it is in a shared mapping.
bool shared_identity(uptr address, uint64_t *device, uint64_t *inode,
                     uint64_t *offset) {
  spin_lock(&g_maps.lock);
  const Mapping *m = find(g_maps, address);
  if (!m) { // mapped since the last look
    reload(g_maps);
    m = find(g_maps, address);
  }
  bool shared = m && m->shared;
  if (shared) {
    *device = m->device;
    *inode = m->inode;
    *offset = m->offset + (address - m->start);
  }
  spin_unlock(&g_maps.lock);
  return shared;
}

void write_shared_record(ThreadState *t, uint16_t kind, uptr address,
                         uint64_t device, uint64_t inode, uint64_t offset) {
  if (auto *r = (tangle_shared_lock_record *)record_reserve(t, sizeof(tangle_shared_lock_record))) {
    r->h = {TANGLE_REC_SHARED_LOCK, kind, sizeof(tangle_shared_lock_record)};
    r->address = address;
    r->device = device;
    r->inode = inode;
    r->offset = offset;
    record_commit(t, sizeof *r);
  }
}

} // namespace

void maps_after_fork() { g_maps.lock = 0; }

void note_lock_identity(ThreadState *t, uptr lock) {
  uint64_t key = chain_step(kSharedSalt, lock, nullptr, 0, 0);
  if (cache_contains(t->cache, key))
    return;
  remember_key(t, key);
  uint64_t device, inode, offset;
  if (shared_identity(lock, &device, &inode, &offset))
    write_shared_record(t, TANGLE_SHARED_MAPPING, lock, device, inode, offset);
}

void note_file_lock(ThreadState *t, uptr lock, uint64_t device, uint64_t inode) {
  uint64_t key = chain_step(kSharedSalt, lock, nullptr, 1, 0);
  if (cache_contains(t->cache, key))
    return;
  remember_key(t, key);
  write_shared_record(t, TANGLE_SHARED_FILE, lock, device, inode, 0);
}

} // namespace __tangle
