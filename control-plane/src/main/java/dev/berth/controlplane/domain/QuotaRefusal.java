package dev.berth.controlplane.domain;

import dev.berth.awswire.error.AwsServiceException;
import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the database's quota refusal (SQLSTATE {@code BQ001}, raised by the usage triggers
 * with the message {@code quota <key> limit <n> used <n> delta <n>}) wherever Hibernate Reactive
 * wrapped it, and turns it into SageMaker's {@code ResourceLimitExceeded}.
 */
public final class QuotaRefusal {
  /** The SQLSTATE the schema's triggers raise. */
  public static final String SQL_STATE = "BQ001";

  private static final Pattern MESSAGE =
      Pattern.compile("quota (\\S+) limit (\\d+) used (-?\\d+) delta (\\d+)");

  private QuotaRefusal() {}

  /** The {@code ResourceLimitExceeded} error {@code failure} stands for, if it is a refusal. */
  public static Optional<AwsServiceException> of(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      boolean refusal =
          (t instanceof PgException pg && SQL_STATE.equals(pg.getSqlState()))
              || (t instanceof SQLException sql && SQL_STATE.equals(sql.getSQLState()));
      Matcher m = refusal && t.getMessage() != null ? MESSAGE.matcher(t.getMessage()) : null;
      if (m != null && m.find()) {
        Quota quota =
            Quota.parse(m.group(1))
                .orElseThrow(() -> new IllegalStateException("unknown quota " + m.group(1)));
        return Optional.of(
            SageMakerErrors.limitExceeded(
                quota,
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4))));
      }
    }
    return Optional.empty();
  }
}
