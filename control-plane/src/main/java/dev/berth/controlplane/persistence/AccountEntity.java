package dev.berth.controlplane.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code accounts}: a 12-digit account id. Locked to serialize quota checks. */
@Entity
@Table(name = "accounts")
public class AccountEntity {
  @Id public String id;

  @Column(name = "created_at", insertable = false, updatable = false)
  public Instant createdAt;

  public AccountEntity() {}

  public AccountEntity(String id) {
    this.id = id;
  }
}
