package dev.berth.controlplane.auth;

import java.util.Set;

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
    boolean admin) {}
