package dev.berth.controlplane.persistence;

import io.vertx.core.Vertx;
import java.util.Properties;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.cfg.Configuration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.provider.ReactiveServiceRegistryBuilder;
import org.hibernate.reactive.vertx.VertxInstance;

/** Builds the Hibernate Reactive session factory on the control plane's own Vert.x instance. */
public final class SessionFactories {
  private SessionFactories() {}

  /**
   * Builds the factory; takes 2–3 s and blocks, so call it from {@code executeBlocking}. Sharing
   * the caller's Vert.x keeps database callbacks on the request's event loop and lets Vert.x pool
   * metrics see the connections.
   */
  public static Mutiny.SessionFactory create(Vertx vertx, DatabaseConfig config) {
    Properties settings = new Properties();
    settings.put("hibernate.connection.url", config.jdbcUrl());
    settings.put("hibernate.connection.username", config.user());
    settings.put("hibernate.connection.password", config.password());
    settings.put("hibernate.connection.pool_size", String.valueOf(config.poolSize()));
    settings.put("hibernate.hbm2ddl.auto", "none");
    settings.put("hibernate.show_sql", "false");
    // The schema belongs to Flyway; Hibernate must not guess at it.
    settings.put("jakarta.persistence.schema-generation.database.action", "none");

    Configuration configuration = new Configuration();
    configuration.addAnnotatedClass(AccountEntity.class);
    configuration.addAnnotatedClass(AccessKeyEntity.class);
    configuration.addAnnotatedClass(QuotaOverrideEntity.class);
    configuration.addAnnotatedClass(ModelEntity.class);
    configuration.addAnnotatedClass(EndpointConfigEntity.class);
    configuration.addAnnotatedClass(EndpointEntity.class);
    configuration.setProperties(settings);

    StandardServiceRegistry registry =
        new ReactiveServiceRegistryBuilder()
            .applySettings(configuration.getProperties())
            .addService(VertxInstance.class, (VertxInstance) () -> vertx)
            .build();
    return configuration.buildSessionFactory(registry).unwrap(Mutiny.SessionFactory.class);
  }
}
