package dev.asyncflow.trials.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Decodes a request's query string into parameters, each named once. */
final class QueryString {
  private QueryString() {}

  /**
   * Decodes {@code rawQuery} ({@code +} and {@code %20} are spaces, UTF-8).
   *
   * @param rawQuery the query string as received, or null when there is none
   * @return the parameters in the order given; a parameter without {@code =} has the value ""
   * @throws BadRequestException if an escape is malformed or a parameter is given twice
   */
  static Map<String, String> decode(@Nullable String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decodePart(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decodePart(pair.substring(equals + 1));
      if (parameters.putIfAbsent(name, value) != null) {
        throw new BadRequestException("Parameter " + name + " is given more than once");
      }
    }
    return Collections.unmodifiableMap(parameters);
  }

  private static String decodePart(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw new BadRequestException("Malformed escape in the query string: " + part);
    }
  }
}
