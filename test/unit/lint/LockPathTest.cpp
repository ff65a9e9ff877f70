//===- LockPathTest.cpp - lock paths: texts, classes, substitution -------===//
#include "tangle/lint/LockPath.h"

#include <gtest/gtest.h>

using namespace tangle::lint;

TEST(LockPath, TextsReadAsTheSourceWritesThem) {
  EXPECT_EQ(LockPath::global("table_lock").text(), "table_lock");
  LockPath P = LockPath::param(0, "reg", "add").deref().field("Registry", "mu_");
  EXPECT_EQ(P.text(), "reg->mu_");
  EXPECT_EQ(LockPath::thisPointer("Registry::add").deref().field("Registry", "mu_").text(),
            "mu_");
  EXPECT_EQ(LockPath::param(0, "m", "helper").deref().text(), "m"); // a pointer names its pointee
  EXPECT_EQ(LockPath::global("accounts").index("i", false).field("account", "mu").text(),
            "accounts[i].mu");
  EXPECT_EQ(LockPath::param(0, "a", "f").throughReference().field("Account", "mu").text(),
            "a.mu");
}

TEST(LockPath, ClassesAreTheRunTimes) {
  // A global's own name, with fixed members and constant indexes.
  EXPECT_EQ(LockPath::global("accounts").index("3", true).field("account", "mu").lockClass(),
            "accounts[3].mu");
  // A member reached otherwise: its type and field.
  EXPECT_EQ(LockPath::param(0, "from", "transfer").deref().field("account", "mu").lockClass(),
            "account::mu");
  EXPECT_EQ(LockPath::global("accounts").index("i", false).field("account", "mu").lockClass(),
            "account::mu");
  // A variable index into a global array of locks: the pattern.
  EXPECT_EQ(LockPath::global("forks").index("p", false).lockClass(), "forks[#]");
  // A local or a parameter: the expression in its function.
  EXPECT_EQ(LockPath::param(0, "m", "helper").deref().lockClass(), "m in helper");
  // A static: its file or function.
  EXPECT_EQ(LockPath::global("mutex", "stp.c").lockClass(), "mutex in stp.c");
  EXPECT_NE(LockPath::global("mutex", "stp.c"), LockPath::global("mutex", "lacp.c"));
}

TEST(LockPath, SubstitutionRewritesParametersWithArguments) {
  LockPath Callee = LockPath::param(0, "l", "ovs_mutex_lock_at").deref();
  // Called as f(&dp->mutex): the capability is dp->mutex.
  LockPath Arg = LockPath::param(0, "dp", "dp_put").deref().field("dp", "mutex");
  std::optional<LockPath> Here = substitute(Callee, {ValueRef::addressOf(Arg)}, {});
  ASSERT_TRUE(Here);
  EXPECT_EQ(*Here, Arg);
  EXPECT_EQ(Here->lockClass(), "dp::mutex");
  // Called as f(p) with p a pointer variable: the pointee of what p holds.
  LockPath PVar = LockPath::local("p", "caller");
  Here = substitute(Callee.field("ovs_mutex", "lock"), {ValueRef::load(PVar)}, {});
  ASSERT_TRUE(Here);
  EXPECT_EQ(Here->text(), "p->lock");
  // A global stays what it is; an argument that cannot be named fails.
  EXPECT_EQ(*substitute(LockPath::global("g"), {}, {}), LockPath::global("g"));
  EXPECT_FALSE(substitute(Callee, {ValueRef()}, {}));
  LockPath U = unbound(Callee);
  EXPECT_FALSE(U.dependsOnCaller());
  EXPECT_EQ(U.lockClass(), Callee.lockClass());
}

TEST(LockPath, InsideACapability) {
  LockPath Cap = LockPath::param(0, "l", "lock_at").deref();
  EXPECT_TRUE(Cap.field("ovs_mutex", "lock").isInside(Cap));
  EXPECT_TRUE(Cap.isInside(Cap));
  EXPECT_FALSE(Cap.deref().isInside(Cap)); // through another pointer: not a member
  EXPECT_FALSE(LockPath::param(1, "l", "lock_at").deref().isInside(Cap));
}
