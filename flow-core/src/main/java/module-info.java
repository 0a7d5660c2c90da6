/**
 * asyncflow core: PocketFlow's node and flow model for Java, synchronous and asynchronous.
 *
 * <p>Only {@code dev.asyncflow.core} is exported; the engine is package-private.
 */
module dev.asyncflow.core {
  requires static org.jspecify;

  exports dev.asyncflow.core;
}
