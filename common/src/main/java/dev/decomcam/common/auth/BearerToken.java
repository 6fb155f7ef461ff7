package dev.decomcam.common.auth;

import dev.decomcam.common.config.ConfigDef;
import dev.decomcam.common.config.ConfigError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

/**
 * A shared secret a client presents as {@code Authorization: Bearer TOKEN} (RFC 6750): the optional
 * protection of the dashboard and the metrics endpoints. At least {@value #MIN_LENGTH} characters
 * of the RFC's token68 alphabet, so it travels in a header, a query parameter and a cookie
 * unescaped. Compared in constant time, so response times say nothing about how much of a guess was
 * right.
 */
public final class BearerToken {
  /** Fewest characters a token may have. */
  public static final int MIN_LENGTH = 16;

  /** The characters a token may hold, as the settings' docs show them. */
  public static final String VALID = MIN_LENGTH + "+ characters of A-Z a-z 0-9 - . _ ~ + / =";

  private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9._~+/=-]+");

  private final byte[] value;

  private BearerToken(String value) {
    this.value = value.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The token set as {@code key}; throws {@link ConfigError} naming the key and the fix when it is
   * too short or holds other characters.
   */
  public static BearerToken parse(String key, String value) {
    if (value.length() < MIN_LENGTH || !TOKEN68.matcher(value).matches()) {
      throw new ConfigError(
          key
              + ": a token needs "
              + VALID
              + " (got "
              + value.length()
              + " characters): generate one with 'openssl rand -hex 32'");
    }
    return new BearerToken(value);
  }

  /** An optional setting {@code key} holding a token (read as a {@link BearerToken}, or null). */
  public static ConfigDef.Setting setting(String key, String doc) {
    return ConfigDef.Setting.parsed(key, null, "", VALID, BearerToken::parse, doc);
  }

  /** Whether {@code presented} is this token (constant time; null never is). */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(value, presented.getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether an {@code Authorization} header value is {@code Bearer} with this token. */
  public boolean authorizes(String authorizationHeader) {
    return matches(fromHeader(authorizationHeader));
  }

  /** The token of an {@code Authorization: Bearer TOKEN} header value; null for any other. */
  public static String fromHeader(String authorizationHeader) {
    if (authorizationHeader == null) {
      return null;
    }
    String h = authorizationHeader.trim();
    return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
  }

  /** Never the secret itself: configs and settings get printed. */
  @Override
  public String toString() {
    return "BearerToken[" + value.length + " characters]";
  }
}
