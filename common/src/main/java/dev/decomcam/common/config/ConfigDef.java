package dev.decomcam.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The settings of one service or command, each declared once (name, type, default, valid values,
 * one-line doc) in the manner of Kafka's {@code ConfigDef}. The declaration is the only place a
 * default lives: {@link #parse} reads and validates values through {@link Settings} (so every
 * source layers the same way and every bad value is a one-line {@link ConfigError} naming the key
 * and the fix), and {@link #toHelp} and {@link #toMarkdown} document it for {@code --help} and the
 * README.
 *
 * <pre>{@code
 * static final ConfigDef DEF = new ConfigDef("DECOMCAM_INGEST_")
 *     .define(Setting.id("camera.id", "cam-0", "key of the published frames"))
 *     .define(Setting.integer("sample.every", 1, 1, 1_000_000, "publish every Nth frame"))
 *     .passThrough("kafka.", "any producer setting");
 * ConfigDef.Values v = DEF.load(file, System.getenv(), flags);
 * int every = v.integer("sample.every");
 * }</pre>
 */
public final class ConfigDef {
  private static final int HELP_KEY_WIDTH = 30;
  private static final int HELP_WIDTH = 110;

  private final String envPrefix;
  private final Map<String, Setting> settings = new LinkedHashMap<>();
  private final Map<String, String> passThrough = new LinkedHashMap<>();

  /**
   * @param envPrefix environment variables {@code envPrefix + KEY} set keys (null = none)
   */
  public ConfigDef(String envPrefix) {
    this.envPrefix = envPrefix;
  }

  public ConfigDef define(Setting setting) {
    if (settings.putIfAbsent(setting.name(), setting) != null) {
      throw new IllegalArgumentException(
          "setting '" + setting.name() + "' is declared twice: declare it once");
    }
    return this;
  }

  /**
   * Keys starting with {@code prefix} are accepted unread and handed on without it ({@link
   * Values#withPrefix}).
   */
  public ConfigDef passThrough(String prefix, String doc) {
    passThrough.put(prefix, doc);
    return this;
  }

  /**
   * Fails on the first flag of {@code flags} that is neither a declared setting, under a
   * pass-through prefix, nor one of {@code extra} (flags a command reads itself, e.g. {@code
   * config}): a one-line {@link ConfigError} {@code unknown flag --framse: did you mean --frames?}
   * naming the nearest known flag. A mistyped flag would otherwise be ignored without a word.
   */
  public void rejectUnknownFlags(Collection<String> flags, Collection<String> extra) {
    List<String> known = new ArrayList<>(settings.keySet());
    known.addAll(extra);
    for (String flag : flags) {
      if (known.contains(flag) || passThrough.keySet().stream().anyMatch(flag::startsWith)) {
        continue;
      }
      String near = Settings.nearest(flag, known);
      throw new ConfigError(
          "unknown flag --"
              + flag
              + (near != null
                  ? ": did you mean --" + near + "?"
                  : ": see --help for the flags of this command"));
    }
  }

  public String envPrefix() {
    return envPrefix;
  }

  public List<Setting> settings() {
    return List.copyOf(settings.values());
  }

  public Setting setting(String name) {
    Setting s = settings.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "setting '" + name + "' is not declared: declare it in the definition");
    }
    return s;
  }

  /**
   * Merges a properties file (null = none), the environment and the overrides (see {@link
   * Settings#merge}), then parses.
   */
  public Values load(Path file, Map<String, String> env, Map<String, String> overrides) {
    return parse(Settings.merge(file, envPrefix, env, overrides));
  }

  /**
   * Reads and validates every declared setting in declaration order, then fails on any key that is
   * neither declared nor passed through; throws {@link ConfigError}.
   */
  public Values parse(Properties props) {
    Settings s = new Settings(props);
    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting setting : settings.values()) {
      values.put(setting.name(), setting.read(s));
    }
    s.rejectUnknown(passThrough.keySet().toArray(String[]::new));
    return new Values(Collections.unmodifiableMap(values), s);
  }

  /** One line per setting, {@code --key doc (default; valid values)}, wrapped for a terminal. */
  public String toHelp() {
    StringBuilder sb = new StringBuilder();
    for (Setting s : settings.values()) {
      StringBuilder text = new StringBuilder(s.doc());
      List<String> notes = new ArrayList<>();
      if (s.required() != null) {
        notes.add("required");
      } else if (!s.defaultText().isEmpty()) {
        notes.add("default " + s.defaultText());
      }
      if (!s.valid().isEmpty()) {
        notes.add(s.valid());
      }
      if (!notes.isEmpty()) {
        text.append(" (").append(String.join("; ", notes)).append(')');
      }
      helpLine(sb, "--" + s.name(), text.toString());
    }
    passThrough.forEach((prefix, doc) -> helpLine(sb, "--" + prefix + "<key>", doc));
    if (envPrefix != null) {
      sb.append("Environment: ")
          .append(envPrefix)
          .append("<KEY> (upper case, dots as underscores).\n");
    }
    return sb.toString();
  }

  private static void helpLine(StringBuilder sb, String key, String text) {
    String indent = " ".repeat(HELP_KEY_WIDTH + 3);
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "  %-" + HELP_KEY_WIDTH + "s ", key));
    if (line.length() > indent.length()) {
      sb.append(line.toString().stripTrailing()).append('\n');
      line = new StringBuilder(indent);
    }
    boolean first = true;
    for (String word : text.split(" ")) {
      if (!first && line.length() + 1 + word.length() > HELP_WIDTH) {
        sb.append(line).append('\n');
        line = new StringBuilder(indent);
        first = true;
      }
      line.append(first ? "" : " ").append(word);
      first = false;
    }
    sb.append(line).append('\n');
  }

  /**
   * A markdown table of the settings: key, default, valid values, meaning; the README holds these.
   */
  public String toMarkdown() {
    StringBuilder sb =
        new StringBuilder("| Key | Default | Valid values | Meaning |\n|---|---|---|---|\n");
    for (Setting s : settings.values()) {
      // a literal default as code; one described in words ("as in the spec") as text
      String def =
          s.required() != null
              ? "(required)"
              : s.defaultText().contains(" ")
                  ? cell(s.defaultText())
                  : s.defaultText().isEmpty() ? "" : code(s.defaultText());
      sb.append("| ")
          .append(code(s.name()))
          .append(" | ")
          .append(def)
          .append(" | ")
          .append(cell(s.valid()))
          .append(" | ")
          .append(cell(s.doc()))
          .append(" |\n");
    }
    passThrough.forEach(
        (prefix, doc) ->
            sb.append("| ")
                .append(code(prefix + "*"))
                .append(" | | | ")
                .append(cell(doc))
                .append(" |\n"));
    return sb.toString();
  }

  private static String code(String s) {
    return "`" + s.replace("|", "\\|") + "`";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("<", "&lt;");
  }

  /**
   * The parsed values of a definition, by key; a getter of the wrong type is a programming error.
   */
  public static final class Values {
    private final Map<String, Object> values;
    private final Settings settings;

    private Values(Map<String, Object> values, Settings settings) {
      this.values = values;
      this.settings = settings;
    }

    /** The value of a declared key, null where it has no default and was not set. */
    public <T> T get(String key, Class<T> type) {
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException(
            "setting '" + key + "' is not declared: declare it in the definition");
      }
      return type.cast(values.get(key));
    }

    public String string(String key) {
      return get(key, String.class);
    }

    public int integer(String key) {
      return get(key, Integer.class);
    }

    public double number(String key) {
      return get(key, Double.class);
    }

    public boolean bool(String key) {
      return get(key, Boolean.class);
    }

    /** Whether the key was given by any source (not only defaulted). */
    public boolean isSet(String key) {
      return settings.string(key, null) != null;
    }

    /** The pass-through entries under {@code prefix}, without it. */
    public Properties withPrefix(String prefix) {
      return settings.withPrefix(prefix);
    }

    /** Every value by key, in declaration order. */
    public Map<String, Object> asMap() {
      return values;
    }
  }

  /**
   * One setting: its key, default (and how the docs show it), valid values, one-line meaning, and
   * how it is read. Build one with the factories ({@link #integer}, {@link #choice}, ...).
   *
   * @param required null, or the fix printed when the key is missing (then there is no default)
   */
  public record Setting(
      String name,
      Object defaultValue,
      String defaultText,
      String valid,
      String doc,
      String required,
      BiFunction<Settings, String, Object> reader) {

    /**
     * Reads a raw value (already trimmed, never blank) of {@code key}; throws {@link ConfigError}.
     */
    @FunctionalInterface
    public interface Parser<T> {
      T parse(String key, String value);
    }

    public Setting {
      if (name == null || name.isBlank() || doc == null || doc.isBlank()) {
        throw new IllegalArgumentException(
            "setting '" + name + "' needs a name and a one-line doc");
      }
    }

    Object read(Settings s) {
      if (required != null) {
        s.required(name, required);
      }
      return reader.apply(s, name);
    }

    /**
     * The same setting with its default shown as {@code text} (a default computed on this machine).
     */
    public Setting shownAs(String text) {
      return new Setting(name, defaultValue, text, valid, doc, required, reader);
    }

    /** The same setting under another key (a command's shorter flag for a service's key). */
    public Setting as(String key) {
      return new Setting(key, defaultValue, defaultText, valid, doc, required, reader);
    }

    /** A name such as a topic, id or address list: non-empty, no spaces. */
    public static Setting id(String name, String def, String doc) {
      return new Setting(name, def, def, "", doc, null, (s, key) -> s.name(key, def));
    }

    /**
     * A Kafka topic name: 1 to 249 of {@code a-z A-Z 0-9 . _ -}, not {@code .} or {@code ..}, as
     * the broker accepts; checked at start rather than when the first record is produced.
     */
    public static Setting topic(String name, String def, String doc) {
      return new Setting(
          name, def, def, "a Kafka topic name", doc, null, (s, key) -> s.topic(key, def));
    }

    /** Free text (a path, a device); {@code def} may be null: no default. */
    public static Setting text(String name, String def, String doc) {
      return new Setting(
          name, def, def == null ? "" : def, "", doc, null, (s, key) -> s.string(key, def));
    }

    /** Free text that must be given; {@code fix} says how. */
    public static Setting required(String name, String fix, String doc) {
      return new Setting(name, null, "", "", doc, fix, (s, key) -> s.string(key, null));
    }

    public static Setting integer(String name, int def, int min, int max, String doc) {
      return new Setting(
          name,
          def,
          Integer.toString(def),
          range(min, max, Integer.MAX_VALUE),
          doc,
          null,
          (s, key) -> s.intIn(key, def, min, max));
    }

    public static Setting number(String name, double def, double min, double max, String doc) {
      return new Setting(
          name,
          def,
          number(def),
          number(min) + ".." + number(max),
          doc,
          null,
          (s, key) -> s.doubleIn(key, def, min, max));
    }

    public static Setting bool(String name, boolean def, String doc) {
      return new Setting(
          name, def, Boolean.toString(def), "true, false", doc, null, (s, key) -> s.bool(key, def));
    }

    /** One of {@code choices} (case-insensitive, read in lower case). */
    public static Setting choice(String name, String def, String doc, String... choices) {
      Set<String> allowed = Set.of(choices);
      if (!allowed.contains(def)) {
        throw new IllegalArgumentException(
            "setting '" + name + "': default '" + def + "' is not one of its choices");
      }
      return new Setting(
          name,
          def,
          def,
          String.join(", ", choices),
          doc,
          null,
          (s, key) -> s.choice(key, def, allowed));
    }

    /**
     * A value of any type read by {@code parser}.
     *
     * @param defaultText the default as the docs show it ("" = none)
     * @param valid the valid values as the docs show them
     */
    public static <T> Setting parsed(
        String name, T def, String defaultText, String valid, Parser<T> parser, String doc) {
      return new Setting(
          name,
          def,
          defaultText,
          valid,
          doc,
          null,
          (s, key) -> {
            String v = s.string(key, null);
            return v == null ? def : parser.parse(key, v);
          });
    }

    private static String range(int min, int max, int unbounded) {
      return max == unbounded ? ">=" + min : min + ".." + max;
    }

    private static String number(double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
  }
}
