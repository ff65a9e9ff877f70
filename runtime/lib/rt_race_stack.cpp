//===- rt_race_stack.cpp - the stack of a racing access ---------------------===//
//
// A race report carries the callers of the access's function, walked along
// frame pointers (tangle-cc builds with -fno-omit-frame-pointer) from the
// access hook's frame, within the thread's stack. Each return address is
// told as (module, address in the object), with a MODULE record the first
// time a module of the process is used; the analyzer symbolizes them from
// the objects' debug info. Only at report time: no cost on any access.
//
//===----------------------------------------------------------------------===//
#include "rt_race.h"

#include <link.h>
#include <pthread.h>
#include <string.h>

extern "C" void *__libc_stack_end; // glibc: the initial thread's stack top

namespace __tangle {
namespace {

constexpr uint32_t kMaxModules = 256;
struct Module {
  uptr bias;
  bool written;
};
uint32_t g_modules_lock;
Module g_modules[kMaxModules];
uint32_t g_num_modules;

struct Lookup {
  uptr pc;
  uptr bias;
  const char *name;
  bool found;
};

int find_object(dl_phdr_info *info, size_t, void *data) {
  auto *l = (Lookup *)data;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &p = info->dlpi_phdr[i];
    uptr start = info->dlpi_addr + p.p_vaddr;
    if (p.p_type == PT_LOAD && (p.p_flags & PF_X) && l->pc >= start &&
        l->pc < start + p.p_memsz) {
      l->bias = info->dlpi_addr;
      l->name = info->dlpi_name;
      l->found = true;
      return 1;
    }
  }
  return 0;
}

void write_module(ThreadState *t, uint32_t id, uptr bias, const char *name) {
  uint32_t len = bounded_strlen(name, 4095);
  uint32_t bytes = round_up8(sizeof(tangle_module_record) + len + 1);
  auto *r = (tangle_module_record *)record_reserve(t, bytes);
  if (!r)
    return;
  memset(r, 0, bytes);
  r->h = {TANGLE_REC_MODULE, 0, bytes};
  r->module_id = id;
  r->path_len = len;
  r->load_bias = bias;
  put_string((char *)(r + 1), name, len);
  record_commit(t, bytes);
}

// The module id of the object holding `pc` (from 1), or 0.
uint32_t module_of(ThreadState *t, uptr pc, uptr *bias) {
  Lookup l{pc, 0, nullptr, false};
  dl_iterate_phdr(find_object, &l);
  if (!l.found)
    return 0;
  *bias = l.bias;
  spin_lock(&g_modules_lock);
  uint32_t id = 0;
  for (uint32_t i = 0; i < g_num_modules && !id; ++i)
    if (g_modules[i].bias == l.bias)
      id = i + 1;
  if (!id && g_num_modules < kMaxModules) {
    g_modules[g_num_modules++] = {l.bias, false};
    id = g_num_modules;
  }
  bool write = id && !g_modules[id - 1].written;
  if (write)
    g_modules[id - 1].written = true;
  spin_unlock(&g_modules_lock);
  if (write)
    write_module(t, id, l.bias, l.name ? l.name : "");
  return id;
}

} // namespace

void stacks_after_fork() { g_modules_lock = 0; }

void race_stack_bounds(RaceThread *r) {
  pthread_attr_t attr;
  void *base = nullptr;
  size_t size = 0;
  if (r->owner->os_tid == g_process.pid) { // pthread_getattr_np reads /proc here
    uptr top = (uptr)__libc_stack_end;
    r->stack_hi = (top | (TANGLE_PAGE_SIZE - 1)) + 1 + 64 * TANGLE_PAGE_SIZE;
    r->stack_lo = top > ((uptr)256 << 20) ? top - ((uptr)256 << 20) : 0;
    return;
  }
  if (pthread_getattr_np(pthread_self(), &attr) != 0)
    return;
  if (pthread_attr_getstack(&attr, &base, &size) == 0) {
    r->stack_lo = (uptr)base;
    r->stack_hi = (uptr)base + size;
  }
  pthread_attr_destroy(&attr);
}

uint32_t capture_stack(RaceThread *r, uptr frame, tangle_stack_frame *out,
                       uint32_t max) {
  uint32_t n = 0;
  for (uptr fp = frame; n < max; ) {
    if (fp < r->stack_lo || fp + 16 > r->stack_hi || (fp & 7))
      break;
    uptr next = ((uptr *)fp)[0], pc = ((uptr *)fp)[1];
    if (!pc)
      break;
    uptr bias = 0;
    uint32_t id = module_of(r->owner, pc, &bias);
    out[n++] = {(uint64_t)(pc - bias), id, 0};
    if (next <= fp)
      break;
    fp = next;
  }
  return n;
}

} // namespace __tangle
