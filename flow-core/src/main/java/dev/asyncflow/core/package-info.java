/**
 * PocketFlow's node and flow model on {@link java.util.concurrent.CompletableFuture}.
 *
 * <p>Build a graph of nodes ({@link dev.asyncflow.core.Node}, {@link dev.asyncflow.core.AsyncNode}
 * and their batch forms), wire them with {@link dev.asyncflow.core.BaseNode#next(BaseNode)} and run
 * it with a {@link dev.asyncflow.core.Flow} (blocking) or an {@link dev.asyncflow.core.AsyncFlow}
 * (non-blocking). Flow definitions are reusable: one definition serves any number of concurrent
 * runs, each with its own params and retry state, which live in the {@link
 * dev.asyncflow.core.RunContext} handed to every hook.
 */
@NullMarked
package dev.asyncflow.core;

import org.jspecify.annotations.NullMarked;
