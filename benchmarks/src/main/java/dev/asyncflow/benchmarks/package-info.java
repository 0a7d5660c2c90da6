/**
 * JMH benchmarks for asyncflow's engine: the cost of one node-to-node transition in an {@link
 * dev.asyncflow.core.AsyncFlow} and a {@link dev.asyncflow.core.Flow}, against a hand-written
 * {@link java.util.concurrent.CompletableFuture} loop. See {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.asyncflow.benchmarks;

import org.jspecify.annotations.NullMarked;
