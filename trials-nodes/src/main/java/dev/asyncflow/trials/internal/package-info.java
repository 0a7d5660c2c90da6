/** Internals of trials-nodes: query text, response parsing, paging. Not exported. */
@NullMarked
package dev.asyncflow.trials.internal;

import org.jspecify.annotations.NullMarked;
