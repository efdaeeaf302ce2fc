package dev.berth.controlplane.auth;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An access key as the authenticator needs it.
 *
 * @param accessKeyId the key id
 * @param secretAccessKey the secret
 * @param account the account it belongs to
 * @param allowedActions its allow-list; empty means every action
 * @param admin whether it may call Berth's administration operations
 */
public record AccessKey(
    String accessKeyId,
    String secretAccessKey,
    String account,
    Set<String> allowedActions,
    boolean admin) {

  /** Parses the comma-separated allow-list stored in {@code access_keys.allowed_actions}. */
  public static Set<String> parseActions(String stored) {
    if (stored == null || stored.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(stored.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
