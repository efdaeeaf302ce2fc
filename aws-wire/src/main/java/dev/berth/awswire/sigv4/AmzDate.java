package dev.berth.awswire.sigv4;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The two clock formats of SigV4: ISO 8601 "basic format" ({@code 20150830T123600Z}, the {@code
 * X-Amz-Date} header and the string to sign) and the HTTP date of the {@code Date} header, which
 * older clients send instead.
 */
final class AmzDate {
  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AmzDate() {}

  /** {@code instant} in basic format, whole seconds. */
  static String format(Instant instant) {
    return BASIC.format(instant);
  }

  /**
   * Parses {@code yyyyMMdd'T'HHmmss'Z'} exactly (no offsets, no fractions), or null.
   *
   * <p>Hand-parsed: this runs on every request, and a formatter would throw on each bad date.
   */
  static Instant parseBasic(String text) {
    if (text == null
        || text.length() != 16
        || text.charAt(8) != 'T'
        || text.charAt(15) != 'Z'
        || !digits(text, 0, 8)
        || !digits(text, 9, 15)) {
      return null;
    }
    try {
      return LocalDateTime.of(
              number(text, 0, 4),
              number(text, 4, 6),
              number(text, 6, 8),
              number(text, 9, 11),
              number(text, 11, 13),
              number(text, 13, 15))
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Parses an RFC 1123 HTTP date ({@code Sun, 30 Aug 2015 12:36:00 GMT}), or null. */
  static Instant parseHttpDate(String text) {
    if (text == null) {
      return null;
    }
    try {
      return DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.strip(), Instant::from);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(String text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (text.charAt(i) - '0');
    }
    return n;
  }
}
