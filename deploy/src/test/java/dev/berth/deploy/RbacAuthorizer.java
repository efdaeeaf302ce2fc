package dev.berth.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Decides, as the API server's RBAC authorizer would, whether the rendered Roles and RoleBindings
 * let a service account make one API request — enough of it for namespaced resource requests, which
 * are all the orchestrator makes (anything else is refused here).
 *
 * <p>Usage: {@code new RbacAuthorizer(manifests).allows("system:serviceaccount:berth:x", "GET",
 * "/apis/apps/v1/namespaces/berth-endpoints/deployments?watch=true")}.
 */
final class RbacAuthorizer {
  private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

  private final List<Role> roles;
  private final List<RoleBinding> bindings;

  RbacAuthorizer(Manifests manifests) {
    this.roles = manifests.all(Role.class);
    this.bindings = manifests.all(RoleBinding.class);
  }

  /**
   * A request as RBAC sees it.
   *
   * @param namespace the request's namespace
   * @param apiGroup {@code ""} for the core group
   * @param resource the resource, plural
   * @param verb get, list, watch, create, update, patch, delete, deletecollection
   */
  record Attributes(String namespace, String apiGroup, String resource, String verb) {
    @Override
    public String toString() {
      return verb
          + " "
          + (apiGroup.isEmpty() ? "" : apiGroup + "/")
          + resource
          + " in "
          + namespace;
    }
  }

  /** The request's attributes, or empty for a request that is not to a namespaced resource. */
  static Optional<Attributes> attributes(String method, String pathAndQuery) {
    URI uri = URI.create(pathAndQuery);
    String[] s = uri.getPath().replaceFirst("^/", "").split("/");
    int at; // index of "namespaces"
    String group;
    if (s.length >= 5 && s[0].equals("api") && s[2].equals("namespaces")) {
      group = "";
      at = 2;
    } else if (s.length >= 6 && s[0].equals("apis") && s[3].equals("namespaces")) {
      group = s[1];
      at = 3;
    } else {
      return Optional.empty();
    }
    String namespace = s[at + 1];
    String resource = s[at + 2];
    boolean named = s.length > at + 3;
    if (s.length > at + 4) {
      resource = resource + "/" + s[at + 4]; // a subresource: pods/log, deployments/scale
    }
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    boolean watch = ("&" + query + "&").matches(".*&watch=(true|1)&.*");
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return Optional.of(new Attributes(namespace, group, resource, verb));
  }

  /** Whether {@code user} may do it. */
  boolean allows(String user, Attributes request) {
    if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) {
      return false;
    }
    String[] account = user.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":");
    return bindings.stream()
        .filter(b -> request.namespace().equals(b.getMetadata().getNamespace()))
        .filter(
            b ->
                b.getSubjects().stream()
                    .anyMatch(
                        s ->
                            s.getKind().equals("ServiceAccount")
                                && s.getNamespace().equals(account[0])
                                && s.getName().equals(account[1])))
        .filter(b -> b.getRoleRef().getKind().equals("Role"))
        .flatMap(
            b ->
                roles.stream()
                    .filter(r -> r.getMetadata().getNamespace().equals(request.namespace()))
                    .filter(r -> r.getMetadata().getName().equals(b.getRoleRef().getName())))
        .flatMap(r -> r.getRules().stream())
        .anyMatch(rule -> covers(rule, request));
  }

  private static boolean covers(PolicyRule rule, Attributes request) {
    return matches(rule.getApiGroups(), request.apiGroup())
        && matches(rule.getResources(), request.resource())
        && matches(rule.getVerbs(), request.verb())
        && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }
}
