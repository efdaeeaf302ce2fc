package dev.berth.controlplane.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A row of {@code endpoints}: the desired state of an endpoint and what is known of its fleet.
 * {@link #version} makes every update a compare-and-set.
 */
@Entity
@Table(name = "endpoints")
public class EndpointEntity extends NamedResourceEntity {
  @Column(name = "config_id")
  public Long configId;

  @Column(name = "pending_config_id")
  public Long pendingConfigId;

  public String status;

  @Column(name = "failure_reason")
  public String failureReason;

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

  /** The definitions of the live fleet's models, by the name its configuration uses (JSON). */
  public String models = "{}";

  /** The same for the pending deployment's models, or null. */
  @Column(name = "pending_models")
  public String pendingModels;

  /** The reconciler's progress through a traffic shift (JSON), or null; see V2 migration. */
  public String rollout;

  @Version public int version;
}
