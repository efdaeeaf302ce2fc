package dev.berth.controlplane.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A row of {@code quota_overrides}: an operator's value for one quota of one account and region.
 */
@Entity
@Table(name = "quota_overrides")
public class QuotaOverrideEntity {
  @EmbeddedId public Key key;

  @Column(name = "quota_value")
  public long value;

  /** The primary key: account, region, quota key. */
  @Embeddable
  public static class Key implements Serializable {
    @Column(name = "account_id")
    public String accountId;

    public String region;

    /** The quota's short key, e.g. {@code endpoints} or {@code instance-type:ml.g5.xlarge}. */
    @Column(name = "quota_key")
    public String quotaKey;

    public Key() {}

    public Key(String accountId, String region, String quotaKey) {
      this.accountId = accountId;
      this.region = region;
      this.quotaKey = quotaKey;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.accountId.equals(accountId)
          && k.region.equals(region)
          && k.quotaKey.equals(quotaKey);
    }

    @Override
    public int hashCode() {
      return Objects.hash(accountId, region, quotaKey);
    }
  }
}
