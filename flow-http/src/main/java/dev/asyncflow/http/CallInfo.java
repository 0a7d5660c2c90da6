package dev.asyncflow.http;

import java.util.Objects;

/**
 * Identifies one call in events and exceptions: the service, the HTTP method and the URL with
 * secrets removed (no user info; values of sensitive query parameters replaced by {@code
 * [redacted]}). Immutable and thread-safe.
 *
 * @param id a number unique within the manager, in order of call start
 * @param service the service name from its {@link ServiceConfig}
 * @param method the HTTP method
 * @param url the request URL, safe to log
 */
public record CallInfo(long id, String service, String method, String url) {

  /**
   * Checks the components.
   *
   * @param id see the record's id component
   * @param service see the record's service component
   * @param method see the record's method component
   * @param url see the record's url component
   * @throws NullPointerException if a component is null
   */
  public CallInfo {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
  }

  @Override
  public String toString() {
    return service + " " + method + " " + url;
  }
}
