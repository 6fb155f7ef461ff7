package dev.decomcam.common.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --key=value}, {@code --key value} and bare {@code --switch} (= true) flags;
 * anything else is a positional argument. A flag given more than once lists its values,
 * comma-separated ({@code --video a.mp4 --video b.mp4} is {@code --video=a.mp4,b.mp4}).
 */
public record Flags(Map<String, String> options, List<String> positional) {

  public static Flags parse(String... args) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--") && a.length() > 2) {
        String body = a.substring(2);
        int eq = body.indexOf('=');
        if (eq >= 0) {
          add(options, body.substring(0, eq), body.substring(eq + 1));
        } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          add(options, body, args[++i]);
        } else {
          add(options, body, "true");
        }
      } else {
        positional.add(a);
      }
    }
    return new Flags(options, positional);
  }

  private static void add(Map<String, String> options, String key, String value) {
    options.merge(key, value, (before, more) -> before + "," + more);
  }
}
