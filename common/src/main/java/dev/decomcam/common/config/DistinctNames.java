package dev.decomcam.common.config;

import java.util.HashSet;
import java.util.List;

/** Settings that must each name something different, e.g. a service's topics. */
public final class DistinctNames {
  private DistinctNames() {}

  /**
   * A one-line {@link ConfigError} when two of {@code values} (the values of {@code keys}, in the
   * same order) are equal.
   */
  public static void require(List<String> keys, List<String> values) {
    if (new HashSet<>(values).size() != values.size()) {
      throw new ConfigError(
          "config keys "
              + String.join(", ", keys)
              + " = "
              + values
              + " repeat a name: give each topic its own name");
    }
  }
}
