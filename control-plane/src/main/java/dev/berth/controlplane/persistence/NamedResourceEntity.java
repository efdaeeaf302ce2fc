package dev.berth.controlplane.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * The columns every named resource row has (models, endpoint configurations, endpoints): its
 * account and region, its name as created, the lower-cased {@code name_key} the unique index is on,
 * when it was created, and its tags as a JSON array.
 */
@MappedSuperclass
public abstract class NamedResourceEntity implements NamedResourceRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_id")
  public String accountId;

  public String region;
  public String name;

  @Column(name = "name_key", insertable = false, updatable = false)
  public String nameKey;

  @Column(name = "creation_time")
  public Instant creationTime;

  public String tags = "[]";

  @Override
  public Long id() {
    return id;
  }

  @Override
  public Instant creationTime() {
    return creationTime;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String tags() {
    return tags;
  }

  @Override
  public void tags(String json) {
    this.tags = json;
  }
}
