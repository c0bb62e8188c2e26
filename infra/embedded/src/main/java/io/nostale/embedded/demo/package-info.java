/**
 * The demo's "other visitors": a small simulator that keeps making plausible changes to the chat tables (join
 * requests, owners' decisions, messages, the occasional leave and rename) so that a person trying nostale sees
 * pages move at once. It writes with plain JDBC, one short transaction per change, exactly like an outside tool;
 * pages learn about it through the WAL like about any other write. It acts as bob, carol and a few extra demo
 * users, never as alice (the person trying it), but often touches alice's rooms and requests.
 *
 * <p>{@link io.nostale.embedded.demo.ActionPicker} decides what happens (pure, seeded {@link java.util.Random});
 * {@link io.nostale.embedded.demo.DemoQueries} and {@link io.nostale.embedded.demo.DemoWrites} read and write;
 * {@link io.nostale.embedded.demo.DemoVisitors} paces the steps and survives database restarts.
 */
package io.nostale.embedded.demo;
