package dev.asyncflow.examples.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What the build wrote about itself, for the programs' {@code --version}. */
public final class BuildInfo {
  private BuildInfo() {}

  /**
   * Returns the version of the examples module, from the {@code version.properties} the build
   * filters.
   *
   * @return such as {@code 0.1.0-SNAPSHOT}, or {@code "unknown"} when the file is missing or
   *     unreadable
   */
  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
