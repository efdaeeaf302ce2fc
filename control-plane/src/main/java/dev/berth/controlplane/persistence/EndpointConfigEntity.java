package dev.berth.controlplane.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code endpoint_configs}: an immutable configuration (its members, as JSON). */
@Entity
@Table(name = "endpoint_configs")
public class EndpointConfigEntity implements NamedResourceRow {
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

  public String definition;
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
