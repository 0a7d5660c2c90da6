/**
 * Runnable examples for asyncflow. Start with {@link dev.asyncflow.examples.QuickstartExample}.
 *
 * <p>The package is {@code @NullMarked}: types are non-null unless annotated {@code @Nullable},
 * which is why some hook parameters below carry {@code @Nullable}, as in the hooks they override.
 */
@NullMarked
package dev.asyncflow.examples;

import org.jspecify.annotations.NullMarked;
