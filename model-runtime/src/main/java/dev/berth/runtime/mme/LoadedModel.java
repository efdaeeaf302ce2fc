package dev.berth.runtime.mme;

/**
 * A model the registry holds, as {@code GET /models} lists it.
 *
 * @param name the name it is known by
 * @param url where it was loaded from
 * @param footprintBytes the memory it is charged against the budget
 */
public record LoadedModel(String name, String url, long footprintBytes) {}
