//===- rt_session.cpp - the shared-memory session a process appends to ----===//
//
// Every process of a run maps the same segment (MAP_SHARED) and appends
// records to chunks it owns; see event_layout.h for the layout and the
// publication protocol. Space is backed with posix_fallocate first and
// only then claimed by a compare-and-swap on the header's `used`, so a full
// disk or tmpfs gives a failed allocation (records are dropped and counted)
// instead of SIGBUS, and a process killed between the two never leaves
// `used` past the end of the file (which the analyzer rightly calls a
// truncated session).
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

namespace __tangle {
namespace {

struct Session {
  tangle_session_header *header;
  int fd;
  uint64_t capacity;
};
Session g_session; // zero-initialised: no static constructor

// Virtual size reserved for a standalone session; pages are backed only as
// chunks are handed out.
constexpr uint64_t kStandaloneCapacity = 4ull << 30;
constexpr uint32_t kFirstChunkSize = TANGLE_PAGE_SIZE;
constexpr uint32_t kMaxChunkSize = 256u * 1024u;

uint64_t now_unix_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

bool map_session(int fd, uint64_t capacity) {
  void *p = mmap(nullptr, capacity, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_NORESERVE, fd, 0);
  if (p == MAP_FAILED)
    return false;
  g_session.header = (tangle_session_header *)p;
  g_session.fd = fd;
  g_session.capacity = capacity;
  return true;
}

// A name with no '/' after the leading one is a POSIX shm segment.
bool is_shm_name(const char *name) {
  return name[0] == '/' && strchr(name + 1, '/') == nullptr;
}

bool header_is_valid(const tangle_session_header &h, off_t file_size) {
  return memcmp(h.magic, TANGLE_SESSION_MAGIC, 8) == 0 &&
         h.version == TANGLE_SESSION_VERSION &&
         h.header_size == TANGLE_PAGE_SIZE &&
         h.capacity >= TANGLE_PAGE_SIZE && file_size >= TANGLE_PAGE_SIZE;
}

void mark_full() {
  __atomic_fetch_or(&g_session.header->flags, TANGLE_SESSION_FULL,
                    __ATOMIC_RELAXED);
}

uint32_t round_up_pages(uint32_t n) {
  return (n + TANGLE_PAGE_SIZE - 1) & ~(TANGLE_PAGE_SIZE - 1);
}

// Hands out a chunk of at least `min_bytes` (header included), or nullptr.
tangle_chunk_header *allocate_chunk(ThreadState *t, uint32_t min_bytes) {
  tangle_session_header *h = g_session.header;
  if (__atomic_load_n(&h->flags, __ATOMIC_RELAXED) & TANGLE_SESSION_FULL)
    return nullptr;
  uint32_t size = t->chunk ? t->chunk->size * 2 : kFirstChunkSize;
  if (size > kMaxChunkSize)
    size = kMaxChunkSize;
  if (size < round_up_pages(min_bytes))
    size = round_up_pages(min_bytes);
  uint64_t off = __atomic_load_n(&h->used, __ATOMIC_RELAXED);
  do {
    if (off + size > g_session.capacity ||
        posix_fallocate(g_session.fd, (off_t)off, size) != 0) {
      mark_full();
      return nullptr;
    }
  } while (!__atomic_compare_exchange_n(&h->used, &off, off + size, true,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  auto *c = (tangle_chunk_header *)((char *)h + off);
  c->size = size;
  c->process_uid = g_process.uid;
  c->thread_uid = t->uid;
  c->fill = 0;
  __atomic_store_n(&c->magic, TANGLE_CHUNK_MAGIC, __ATOMIC_RELEASE);
  return c;
}

} // namespace

bool session_active() { return g_session.header != nullptr; }
tangle_session_header *session_header() { return g_session.header; }

bool session_open_existing(const char *name) {
  int fd = is_shm_name(name) ? shm_open(name, O_RDWR | O_CLOEXEC, 0)
                             : open(name, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    report_warning("cannot open session '%s': %s; not recording", name,
                   strerror(errno));
    return false;
  }
  struct stat st;
  tangle_session_header h;
  if (fstat(fd, &st) != 0 || pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h ||
      !header_is_valid(h, st.st_size) || !map_session(fd, h.capacity)) {
    report_warning("session '%s' is not a usable tangle session; not recording",
                   name);
    close(fd);
    return false;
  }
  return true;
}

bool session_create_standalone(const char *out_dir, const char *exe_name) {
  if (mkdir(out_dir, 0700) != 0 && errno != EEXIST) {
    report_warning("cannot create '%s': %s; not recording", out_dir,
                   strerror(errno));
    return false;
  }
  int dir = open(out_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir < 0) {
    report_warning("'%s' is not a directory: %s; not recording", out_dir,
                   strerror(errno));
    return false;
  }
  char file[256];
  snprintf(file, sizeof file, "%.64s.%d.%llx.tgl", exe_name, (int)getpid(),
           (unsigned long long)(now_unix_ns() & 0xffffffffffull));
  int fd = openat(dir, file, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  0600);
  close(dir);
  if (fd < 0 || posix_fallocate(fd, 0, TANGLE_PAGE_SIZE) != 0 ||
      !map_session(fd, kStandaloneCapacity)) {
    report_warning("cannot create a session in '%s': %s; not recording",
                   out_dir, strerror(errno));
    if (fd >= 0)
      close(fd);
    return false;
  }
  tangle_session_header_init(g_session.header, kStandaloneCapacity, getpid(),
                             now_unix_ns());
  return true;
}

void *record_reserve(ThreadState *t, uint32_t bytes) {
  if (!g_session.header)
    return nullptr;
  tangle_chunk_header *c = t->chunk;
  if (!c || sizeof *c + c->fill + bytes > c->size) {
    c = allocate_chunk(t, (uint32_t)sizeof *c + bytes);
    if (!c) {
      __atomic_fetch_add(&g_session.header->dropped_records, 1,
                         __ATOMIC_RELAXED);
      return nullptr;
    }
    t->chunk = c;
  }
  return (char *)(c + 1) + c->fill;
}

void record_commit(ThreadState *t, uint32_t bytes) {
  tangle_chunk_header *c = t->chunk;
  __atomic_store_n(&c->fill, c->fill + bytes, __ATOMIC_RELEASE);
}

uint32_t bounded_strlen(const char *s, uint32_t max) {
  if (!s)
    return 0;
  uint32_t n = 0;
  while (n < max && s[n])
    ++n;
  return n;
}

char *put_string(char *dst, const char *s, uint32_t len) {
  if (len)
    memcpy(dst, s, len);
  dst[len] = '\0';
  return dst + len + 1;
}

void write_process_record(ThreadState *t, uint32_t parent_process_uid) {
  char exe[1024];
  ssize_t exe_len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (exe_len < 0)
    exe_len = 0;
  char cmdline[4096];
  ssize_t cmd_len = 0;
  int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    cmd_len = read(fd, cmdline, sizeof cmdline - 1);
    close(fd);
    if (cmd_len < 0)
      cmd_len = 0;
    if (cmd_len > 0 && cmdline[cmd_len - 1] == '\0')
      --cmd_len; // the trailing NUL is added by put_string
  }
  uint32_t bytes = round_up8(sizeof(tangle_process_record) + (uint32_t)exe_len +
                             1 + (uint32_t)cmd_len + 1);
  auto *r = (tangle_process_record *)record_reserve(t, bytes);
  if (!r)
    return;
  memset(r, 0, bytes);
  r->h.type = TANGLE_REC_PROCESS;
  r->h.size = bytes;
  r->process_uid = g_process.uid;
  r->pid = g_process.pid;
  r->parent_pid = (uint32_t)getppid();
  r->parent_process_uid = parent_process_uid;
  r->start_unix_ns = now_unix_ns();
  r->exe_len = (uint32_t)exe_len;
  r->cmdline_len = (uint32_t)cmd_len;
  char *p = put_string((char *)(r + 1), exe, (uint32_t)exe_len);
  put_string(p, cmdline, (uint32_t)cmd_len);
  record_commit(t, bytes);
}

} // namespace __tangle
