package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.shape.Violation;
import dev.berth.controlplane.auth.AccessKeyDirectory;
import dev.berth.controlplane.auth.AccessKeyIssuer;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.Quota;
import dev.berth.controlplane.domain.QuotaBook;
import dev.berth.controlplane.persistence.QuotaOverrideEntity;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Berth's own administration operations, on the same JSON 1.1 protocol and SigV4 as the SageMaker
 * API but under target prefix {@code Berth.} and for admin keys only:
 *
 * <ul>
 *   <li>{@code Berth.CreateAccessKey} {@code {Account, Actions?, Admin?}} → {@code {AccessKeyId,
 *       SecretAccessKey, Account}}
 *   <li>{@code Berth.SetQuota} {@code {Account, Region?, Quota, Value}} → the quota as set
 *   <li>{@code Berth.ListQuotas} {@code {Account, Region?}} → every quota with its limit
 * </ul>
 */
final class AdminOperations {
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern ACTION = Pattern.compile("[a-zA-Z0-9-]+:[A-Za-z0-9]*\\*?");

  private final Mutiny.SessionFactory sessions;
  private final AccessKeyIssuer issuer;
  private final AccessKeyDirectory directory;

  AdminOperations(
      Mutiny.SessionFactory sessions, AccessKeyIssuer issuer, AccessKeyDirectory directory) {
    this.sessions = sessions;
    this.issuer = issuer;
    this.directory = directory;
  }

  static List<Violation> createAccessKeyViolations(JsonNode in) {
    List<Violation> violations = accountViolations(in);
    int i = 1;
    for (JsonNode action : in.path("Actions")) {
      if (!action.isTextual() || !ACTION.matcher(action.asText()).matches()) {
        violations.add(
            new Violation(
                "actions." + i + ".member",
                action.asText(),
                "Member must satisfy regular expression pattern: ^" + ACTION.pattern()));
      }
      i++;
    }
    return violations;
  }

  static List<Violation> setQuotaViolations(JsonNode in) {
    List<Violation> violations = accountViolations(in);
    if (!in.hasNonNull("Quota")) {
      violations.add(Violation.notNull("quota"));
    } else if (Quota.parse(in.get("Quota").asText()).isEmpty()) {
      violations.add(
          new Violation(
              "quota",
              in.get("Quota").asText(),
              "Member must name a quota: endpoints, endpoint-configs, models,"
                  + " instances-per-endpoint, instances or instance-type:<type>"));
    }
    if (!in.hasNonNull("Value")) {
      violations.add(Violation.notNull("value"));
    } else if (!in.get("Value").canConvertToLong() || in.get("Value").asLong() < 0) {
      violations.add(
          new Violation(
              "value",
              in.get("Value").asText(),
              "Member must have value greater than or equal to 0"));
    }
    return violations;
  }

  static List<Violation> accountViolations(JsonNode in) {
    List<Violation> violations = new ArrayList<>();
    if (!in.hasNonNull("Account")) {
      violations.add(Violation.notNull("account"));
    } else if (!ACCOUNT.matcher(in.get("Account").asText()).matches()) {
      violations.add(
          new Violation(
              "account",
              in.get("Account").asText(),
              "Member must satisfy regular expression pattern: ^[0-9]{12}"));
    }
    return violations;
  }

  Uni<JsonNode> createAccessKey(Caller caller, JsonNode in) {
    String account = in.get("Account").asText();
    List<String> actions = new ArrayList<>();
    in.path("Actions").forEach(a -> actions.add(a.asText()));
    boolean admin = in.path("Admin").asBoolean(false);
    return sessions
        .withTransaction(session -> issuer.issue(session, account, actions, admin))
        .map(
            key -> {
              directory.invalidate(key.accessKeyId());
              ObjectNode out = WireJson.object();
              out.put("AccessKeyId", key.accessKeyId());
              out.put("SecretAccessKey", key.secretAccessKey());
              out.put("Account", key.account());
              return out;
            });
  }

  Uni<JsonNode> setQuota(Caller caller, JsonNode in) {
    String account = in.get("Account").asText();
    String region = in.hasNonNull("Region") ? in.get("Region").asText() : caller.region();
    Quota quota = Quota.parse(in.get("Quota").asText()).orElseThrow();
    long value = in.get("Value").asLong();
    return sessions
        .withTransaction(
            session ->
                AccessKeyIssuer.ensureAccount(session, account)
                    .chain(
                        () ->
                            session.find(
                                QuotaOverrideEntity.class,
                                new QuotaOverrideEntity.Key(account, region, quota.shortKey())))
                    .chain(
                        existing -> {
                          if (existing != null) {
                            existing.value = value;
                            return Uni.createFrom().voidItem();
                          }
                          QuotaOverrideEntity row = new QuotaOverrideEntity();
                          row.key = new QuotaOverrideEntity.Key(account, region, quota.shortKey());
                          row.value = value;
                          return session.persist(row);
                        }))
        .map(ignored -> quotaJson(account, region, quota, value));
  }

  Uni<JsonNode> listQuotas(Caller caller, JsonNode in) {
    String account = in.get("Account").asText();
    String region = in.hasNonNull("Region") ? in.get("Region").asText() : caller.region();
    List<Quota> fixed =
        List.of(
            Quota.ENDPOINTS,
            Quota.ENDPOINT_CONFIGS,
            Quota.MODELS,
            Quota.INSTANCES_PER_ENDPOINT,
            Quota.INSTANCES);
    return sessions.withSession(
        session ->
            session
                .createSelectionQuery(
                    "from QuotaOverrideEntity where key.accountId = :a and key.region = :r",
                    QuotaOverrideEntity.class)
                .setParameter("a", account)
                .setParameter("r", region)
                .getResultList()
                .chain(
                    overrides -> {
                      List<Quota> all = new ArrayList<>(fixed);
                      for (QuotaOverrideEntity o : overrides) {
                        Quota q = Quota.parse(o.key.quotaKey).orElse(null);
                        if (q != null && !all.contains(q)) {
                          all.add(q);
                        }
                      }
                      ArrayNode list = WireJson.array();
                      Map<String, Long> usage = new HashMap<>();
                      Uni<Void> chain =
                          QuotaBook.usage(session, account, region)
                              .invoke(usage::putAll)
                              .replaceWithVoid();
                      for (Quota q : all) {
                        chain =
                            chain.chain(
                                () ->
                                    QuotaBook.limit(session, account, region, q)
                                        .invoke(
                                            limit ->
                                                list.add(
                                                    quotaJson(account, region, q, limit)
                                                        .put(
                                                            "Used",
                                                            usage.getOrDefault(q.shortKey(), 0L))))
                                        .replaceWithVoid());
                      }
                      return chain.map(
                          ignored -> {
                            ObjectNode out = WireJson.object();
                            out.set("Quotas", list);
                            return out;
                          });
                    }));
  }

  private static ObjectNode quotaJson(String account, String region, Quota quota, long value) {
    ObjectNode out = WireJson.object();
    out.put("Account", account);
    out.put("Region", region);
    out.put("QuotaName", quota.name());
    out.put("QuotaKey", quota.shortKey());
    out.put("Value", value);
    out.put("Unit", quota.unit());
    return out;
  }
}
