package dev.berth.controlplane.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code access_keys}: an access key, its secret, its account and its allow-list. */
@Entity
@Table(name = "access_keys")
public class AccessKeyEntity {
  @Id
  @Column(name = "access_key_id")
  public String accessKeyId;

  @Column(name = "secret_access_key")
  public String secretAccessKey;

  @Column(name = "account_id")
  public String accountId;

  /** Comma-separated actions, or null for every action. */
  @Column(name = "allowed_actions")
  public String allowedActions;

  public boolean admin;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;
}
