/** The engine behind {@code dev.asyncflow.http}; not exported, not API. */
@NullMarked
package dev.asyncflow.http.internal;

import org.jspecify.annotations.NullMarked;
