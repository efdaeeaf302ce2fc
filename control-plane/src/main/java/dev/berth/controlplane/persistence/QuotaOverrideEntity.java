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

  /** The primary key: account, region, quota name. */
  @Embeddable
  public static class Key implements Serializable {
    @Column(name = "account_id")
    public String accountId;

    public String region;

    @Column(name = "quota_name")
    public String quotaName;

    public Key() {}

    public Key(String accountId, String region, String quotaName) {
      this.accountId = accountId;
      this.region = region;
      this.quotaName = quotaName;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.accountId.equals(accountId)
          && k.region.equals(region)
          && k.quotaName.equals(quotaName);
    }

    @Override
    public int hashCode() {
      return Objects.hash(accountId, region, quotaName);
    }
  }
}
