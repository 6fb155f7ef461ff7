package dev.decomcam.common.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.decomcam.common.config.ConfigError;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
  private static final String SECRET = "0123456789abcdef-XYZ";

  @Test
  void matchesOnlyItselfAndOnlyAsBearer() {
    BearerToken t = BearerToken.parse("dashboard.token", SECRET);
    assertTrue(t.matches(SECRET));
    assertFalse(t.matches(SECRET + "x"));
    assertFalse(t.matches(SECRET.substring(1)));
    assertFalse(t.matches(null));
    assertTrue(t.authorizes("Bearer " + SECRET));
    assertTrue(t.authorizes("bearer " + SECRET));
    assertFalse(t.authorizes("Basic " + SECRET));
    assertFalse(t.authorizes(SECRET));
    assertFalse(t.authorizes(null));
    assertFalse(t.toString().contains(SECRET), "never printed");
  }

  @Test
  void shortOrOddTokensAreRefusedWithTheKeyAndTheFix() {
    ConfigError e =
        assertThrows(ConfigError.class, () -> BearerToken.parse("metrics.token", "short"));
    assertTrue(e.getMessage().startsWith("metrics.token: "), e.getMessage());
    assertTrue(e.getMessage().contains("openssl rand"), e.getMessage());
    assertThrows(
        ConfigError.class, () -> BearerToken.parse("metrics.token", "0123456789abcdef; x=y"));
  }
}
