package dev.asyncflow.http.internal;

import dev.asyncflow.http.ServiceConfig;
import dev.asyncflow.http.ServiceRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes one call's secrets from response text before it is shown: every occurrence of a value of
 * a sensitive header (from the service's headers and the request's), of the token of an {@code
 * Authorization}-style value {@code Scheme token}, and of a value of a sensitive query parameter
 * (raw and percent-encoded) becomes {@link HeaderRules#REDACTED}. A server that echoes a rejected
 * key in its error body then cannot carry it into an exception. Immutable and thread-safe.
 */
final class Redactor {
  /** A redactor that knows no secrets. */
  static final Redactor NONE = new Redactor(List.of());

  /** Longest first, so that a token inside a longer value never leaves the rest behind. */
  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * Returns the redactor of one call of {@code request} to the service of {@code config}.
   *
   * @param config the service's configuration
   * @param request the request
   * @return the redactor
   */
  static Redactor of(ServiceConfig config, ServiceRequest request) {
    Set<String> sensitive = new TreeSet<>(config.sensitiveHeaders());
    sensitive.addAll(request.sensitiveHeaders());
    Set<String> secrets = new TreeSet<>();
    addHeaderSecrets(config.headers(), sensitive, secrets);
    addHeaderSecrets(request.headers(), sensitive, secrets);
    for (Map.Entry<String, String> parameter : request.query()) {
      if (config.sensitiveQueryParameters().contains(parameter.getKey())) {
        secrets.add(parameter.getValue());
        secrets.add(UrlEncoding.encode(parameter.getValue()));
      }
    }
    secrets.remove("");
    List<String> ordered = new ArrayList<>(secrets);
    ordered.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(ordered));
  }

  private static void addHeaderSecrets(
      Map<String, String> headers, Set<String> sensitive, Set<String> secrets) {
    headers.forEach(
        (name, value) -> {
          if (HeaderRules.isSensitive(name, sensitive)) {
            String trimmed = value.trim();
            secrets.add(trimmed);
            int space = trimmed.indexOf(' ');
            if (space > 0) {
              secrets.add(trimmed.substring(space + 1).trim());
            }
          }
        });
  }

  /**
   * Returns {@code text} with every secret replaced by {@link HeaderRules#REDACTED}.
   *
   * @param text response text
   * @return the text safe to show
   */
  String redact(String text) {
    String shown = text;
    for (String secret : secrets) {
      shown = shown.replace(secret, HeaderRules.REDACTED);
    }
    return shown;
  }

  /**
   * Returns the length of the longest secret, so that text cut to a limit can be redacted before
   * the cut.
   *
   * @return the length in chars, 0 without secrets
   */
  int longest() {
    return secrets.isEmpty() ? 0 : secrets.get(0).length();
  }

  @Override
  public String toString() {
    return "Redactor{" + secrets.size() + " secrets}";
  }
}
