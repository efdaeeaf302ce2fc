package dev.berth.controlplane.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code models}: a model's immutable definition (CreateModel's members, as JSON). */
@Entity
@Table(name = "models")
public class ModelEntity extends NamedResourceEntity {
  public String definition;
}
