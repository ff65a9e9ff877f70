; The pass runs from opt (-passes=tangle) and never instruments a module
; twice.
; RUN: %opt-tangle -S %s -o - | FileCheck %s
; RUN: %opt-tangle -S %s -o - | %opt-tangle -S -o - | FileCheck %s --check-prefix=TWICE

; CHECK: call i32 @__tangle_pthread_mutex_lock(ptr @m, ptr @tangle.sites)
; CHECK: !{i32 2, !"tangle.instrumented", i32 1}
; TWICE: call i32 @__tangle_pthread_mutex_lock(ptr @m, ptr @tangle.sites)
; TWICE-NOT: __tangle_pthread_mutex_lock(ptr @__tangle

@m = global [40 x i8] zeroinitializer

define i32 @f() {
  %r = call i32 @pthread_mutex_lock(ptr @m)
  ret i32 %r
}

declare i32 @pthread_mutex_lock(ptr)
