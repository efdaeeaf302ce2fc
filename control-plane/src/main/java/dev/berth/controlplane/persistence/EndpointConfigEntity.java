package dev.berth.controlplane.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code endpoint_configs}: an immutable configuration (its members, as JSON). */
@Entity
@Table(name = "endpoint_configs")
public class EndpointConfigEntity extends NamedResourceEntity {
  public String definition;
}
