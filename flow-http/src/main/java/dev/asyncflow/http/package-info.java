/**
 * A shared, pooled, non-blocking HTTP client manager.
 *
 * <p>An application creates one {@link dev.asyncflow.http.HttpClientManager}, which owns a small
 * fixed executor and one scheduler thread, and asks it for one {@link
 * dev.asyncflow.http.ServiceClient} per remote service, each configured by an immutable {@link
 * dev.asyncflow.http.ServiceConfig}. Every call returns a {@link
 * java.util.concurrent.CompletableFuture}; failures arrive through it as subclasses of {@link
 * dev.asyncflow.http.HttpCallException}.
 */
@NullMarked
package dev.asyncflow.http;

import org.jspecify.annotations.NullMarked;
