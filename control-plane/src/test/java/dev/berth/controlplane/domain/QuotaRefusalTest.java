package dev.berth.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class QuotaRefusalTest {
  @Test
  void aWrappedRefusalBecomesResourceLimitExceededWithTheTriggersNumbers() {
    Throwable wrapped =
        new CompletionException(
            new RuntimeException(
                "error executing SQL statement",
                new SQLException(
                    "ERROR: quota instance-type:ml.g5.xlarge limit 4 used 3 delta 2 (BQ001)",
                    "BQ001")));
    assertThat(QuotaRefusal.of(wrapped))
        .hasValueSatisfying(
            e -> {
              assertThat(e.error().code().code()).isEqualTo("ResourceLimitExceeded");
              assertThat(e.error().message())
                  .startsWith(
                      "The account-level service limit 'ml.g5.xlarge for endpoint usage' is 4"
                          + " Instances, with current utilization of 3 Instances and a request delta"
                          + " of 2 Instances.");
            });
  }

  @Test
  void otherDatabaseErrorsAreNotRefusals() {
    assertThat(QuotaRefusal.of(new SQLException("quota endpoints limit 1 used 1 delta 1", "23505")))
        .isEmpty();
    assertThat(QuotaRefusal.of(new IllegalStateException("boom"))).isEmpty();
  }
}
