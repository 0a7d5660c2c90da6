package dev.asyncflow.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library's version, read from a resource Maven filters at build time. */
public final class LibraryVersion {
  private static final String VERSION = load();

  private LibraryVersion() {}

  /**
   * Returns the default User-Agent: {@code asyncflow-http/<version> Java/<runtime version>}.
   *
   * @return the User-Agent value
   */
  public static String userAgent() {
    return "asyncflow-http/" + VERSION + " Java/" + Runtime.version().feature();
  }

  private static String load() {
    try (InputStream in = LibraryVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from flow-http");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read flow-http's version.properties", e);
    }
  }
}
