/**
 * Benchmarks for asyncflow. JMH benchmarks of the engine: the cost of one node-to-node transition
 * in an {@link dev.asyncflow.core.AsyncFlow} and a {@link dev.asyncflow.core.Flow}, against a
 * hand-written {@link java.util.concurrent.CompletableFuture} loop. And a load harness of flow-http
 * ({@link dev.asyncflow.benchmarks.HttpLoadHarness}) against a loopback server run as a separate
 * process ({@link dev.asyncflow.benchmarks.LoopbackHttpServer}). See {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.asyncflow.benchmarks;

import org.jspecify.annotations.NullMarked;
