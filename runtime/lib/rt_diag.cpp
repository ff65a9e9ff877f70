//===- rt_diag.cpp - the runtime's own messages ----------------------------===//
//
// The runtime speaks rarely: when it cannot record (no session, full
// session) it says so once on stderr and lets the program run on.
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

namespace __tangle {

void report_warning(const char *fmt, ...) {
  char line[512];
  int n = snprintf(line, sizeof line, "tangle: ");
  va_list ap;
  va_start(ap, fmt);
  n += vsnprintf(line + n, sizeof line - n - 1, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof line - 2)
    n = sizeof line - 2;
  line[n++] = '\n';
  ssize_t unused = write(2, line, n);
  (void)unused;
}

} // namespace __tangle
