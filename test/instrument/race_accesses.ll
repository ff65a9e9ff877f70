; The race pass (-passes=tangle-races, full mode): a hook before each plain
; access that may touch shared memory, by size; atomics with their memory
; order before and, for loads and read-modify-writes, after; fences; memory
; intrinsics as ranges; allocation calls replaced; nothing for locals that
; do not escape, constant globals or thread-locals; and a constructor that
; registers the site table, first of all constructors.
; RUN: %opt-tangle-races -S %s -o - | FileCheck %s
; RUN: %opt-tangle-races -S %s -o - | FileCheck %s --check-prefix=CTOR

@counter = global i32 0
@limit = global i32 0
@table = constant [4 x i32] [i32 1, i32 2, i32 3, i32 4]
@tls = thread_local global i32 0
@flag = global i8 0

; CHECK-LABEL: define i32 @plain(
; CHECK: call void @__tangle_read4(ptr @limit, ptr @tangle.sites)
; CHECK-NEXT: load i32, ptr @limit
; CHECK: call void @__tangle_write4(ptr @counter, ptr getelementptr inbounds ([{{[0-9]+}} x { i32, i32, i32, i32, ptr, ptr, ptr, ptr }], ptr @tangle.sites, i64 0, i64 1))
; CHECK-NEXT: store i32
; CHECK-NOT: __tangle_read4(ptr @table
; CHECK-NOT: __tangle_{{read|write}}4(ptr %local
; CHECK-NOT: __tangle_{{read|write}}4(ptr @tls
; CHECK: ret i32
define i32 @plain(i32 %i) {
  %local = alloca i32
  store i32 %i, ptr %local
  %l = load i32, ptr %local
  %c = load i32, ptr @limit
  %t = getelementptr [4 x i32], ptr @table, i32 0, i32 %i
  %tv = load i32, ptr %t
  %tl = load i32, ptr @tls
  %sum = add i32 %c, %tv
  %sum2 = add i32 %sum, %tl
  %sum3 = add i32 %sum2, %l
  store i32 %sum3, ptr @counter
  ret i32 %sum3
}

; A read the same run later writes is checked by the write alone.
; CHECK-LABEL: define void @increment(
; CHECK-NOT: __tangle_read4
; CHECK: call void @__tangle_write4(ptr @counter
; CHECK: ret void
define void @increment() {
  %c = load i32, ptr @counter
  %n = add i32 %c, 1
  store i32 %n, ptr @counter
  ret void
}

; CHECK-LABEL: define i8 @atomics(
; CHECK: call void @__tangle_atomic_before(ptr @flag, i32 1, i32 0, i32 2, ptr
; CHECK-NEXT: load atomic i8, ptr @flag acquire
; CHECK-NEXT: call void @__tangle_atomic_after(ptr @flag, i32 2)
; CHECK: call void @__tangle_atomic_before(ptr @flag, i32 1, i32 1, i32 3, ptr
; CHECK-NEXT: store atomic i8 1, ptr @flag release
; CHECK: call void @__tangle_atomic_before(ptr @counter, i32 4, i32 1, i32 0, ptr
; CHECK-NEXT: atomicrmw add ptr @counter, i32 1 monotonic
; CHECK-NEXT: call void @__tangle_atomic_after(ptr @counter, i32 0)
; CHECK: call void @__tangle_atomic_fence(i32 5)
; CHECK-NEXT: fence seq_cst
define i8 @atomics() {
  %v = load atomic i8, ptr @flag acquire, align 1
  store atomic i8 1, ptr @flag release, align 1
  %old = atomicrmw add ptr @counter, i32 1 monotonic
  fence seq_cst
  ret i8 %v
}

; CHECK-LABEL: define void @copy(
; CHECK: call void @__tangle_read_range(ptr %src, i64 %n, ptr
; CHECK-NEXT: call void @__tangle_write_range(ptr %dst, i64 %n, ptr
; CHECK-NEXT: call void @llvm.memcpy
define void @copy(ptr %dst, ptr %src, i64 %n) {
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 %n, i1 false)
  ret void
}

; CHECK-LABEL: define ptr @alloc(
; CHECK: call ptr @__tangle_malloc(i64 16, ptr
; CHECK-NOT: __tangle_free
; CHECK: call void @free(ptr
define ptr @alloc() {
  %p = call ptr @malloc(i64 16)
  call void @free(ptr %p)
  ret ptr %p
}

; CTOR: @llvm.global_ctors = appending global {{.*}}{ i32 1, ptr @tangle.register_race_module, ptr null }
; CTOR: define internal void @tangle.register_race_module()
; CTOR-NEXT: call void @__tangle_register_race_module(ptr @tangle.sites, i64 [[#]])
; CTOR: !{i32 2, !"tangle.races", i32 1}

declare ptr @malloc(i64)
declare void @free(ptr)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
