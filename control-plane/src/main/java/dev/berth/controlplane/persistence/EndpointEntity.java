package dev.berth.controlplane.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A row of {@code endpoints}: the desired state of an endpoint and what is known of its fleet.
 * {@link #version} makes every update a compare-and-set.
 */
@Entity
@Table(name = "endpoints")
public class EndpointEntity implements NamedResourceRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_id")
  public String accountId;

  public String region;
  public String name;

  @Column(name = "name_key", insertable = false, updatable = false)
  public String nameKey;

  @Column(name = "config_id")
  public Long configId;

  @Column(name = "pending_config_id")
  public Long pendingConfigId;

  public String status;

  @Column(name = "failure_reason")
  public String failureReason;

  @Column(name = "creation_time")
  public Instant creationTime;

  @Column(name = "last_modified_time")
  public Instant lastModifiedTime;

  /** JSON array of the live fleet's variant states. */
  public String variants = "[]";

  /** JSON array of the pending deployment's variant states, or null. */
  @Column(name = "pending_variants")
  public String pendingVariants;

  @Column(name = "pending_start_time")
  public Instant pendingStartTime;

  /** The DeploymentConfig of the last create or update, as JSON, or null. */
  @Column(name = "deployment_config")
  public String deploymentConfig;

  public String tags = "[]";

  @Version public int version;

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
