package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.controlplane.domain.SageMakerErrors;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A resource's tags: keys unique (a later value overwrites, as AddTags documents), at most 50, none
 * in the reserved {@code aws:} namespace. Kept in insertion order.
 */
final class TagSet {
  /** SageMaker's per-resource tag limit. */
  static final int MAX_TAGS = 50;

  private final Map<String, String> tags = new LinkedHashMap<>();

  private TagSet() {}

  /** The tags of a stored or requested JSON array of {@code {"Key","Value"}} (null = none). */
  static TagSet of(JsonNode array) {
    TagSet set = new TagSet();
    set.addAll(array);
    return set;
  }

  /** Adds or overwrites; refuses reserved keys and more than {@link #MAX_TAGS} tags. */
  TagSet addAll(JsonNode array) {
    if (array == null || !array.isArray()) {
      return this;
    }
    for (JsonNode tag : array) {
      String key = tag.path("Key").asText();
      if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw SageMakerErrors.validation(
            "Tag keys starting with 'aws:' are reserved for system use: '" + key + "'.");
      }
      tags.put(key, tag.path("Value").asText(""));
    }
    if (tags.size() > MAX_TAGS) {
      throw SageMakerErrors.validation(
          "A resource can have at most "
              + MAX_TAGS
              + " tags; this request would leave it with "
              + tags.size()
              + ".");
    }
    return this;
  }

  /** Removes the given keys; absent keys are ignored. */
  TagSet removeAll(Collection<String> keys) {
    keys.forEach(tags::remove);
    return this;
  }

  /** The tags as the wire and the database hold them. */
  ArrayNode toJson() {
    ArrayNode out = WireJson.array();
    tags.forEach((k, v) -> out.addObject().put("Key", k).put("Value", v));
    return out;
  }
}
