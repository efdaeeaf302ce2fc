package dev.berth.controlplane.orchestrator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.controlplane.orchestrator.InstanceTypeResources.Toleration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What each {@code ml.*} instance type means on this installation: CPU, memory, GPUs, node
 * selectors and tolerations. Berth ships defaults with the AWS sizes ({@value #DEFAULT_RESOURCE} on
 * the classpath); an operator's file replaces them as a whole.
 *
 * <p>The file is YAML (JSON is YAML too):
 *
 * <pre>{@code
 * defaults:     {nodeSelector: {}, tolerations: []}          # optional, for every entry
 * gpuDefaults:                                               # optional, for entries with gpus > 0
 *   nodeSelector: {nvidia.com/gpu.present: "true"}
 *   tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
 * instanceTypes:
 *   ml.m5.large:  {cpu: "2", memory: 8Gi}
 *   ml.g5.xlarge: {cpu: "4", memory: 16Gi, gpus: 1}          # may set its own nodeSelector, tolerations
 * }</pre>
 *
 * <p>Usage: {@code InstanceTypeCatalog.load(config.instanceTypesFile()).resources("ml.g5.xlarge")}.
 */
public final class InstanceTypeCatalog {
  /** The classpath resource holding the defaults. */
  public static final String DEFAULT_RESOURCE = "berth/instance-types.yaml";

  private static final Pattern NAME = Pattern.compile("ml\\.[a-z0-9-]+\\.[a-z0-9-]+");
  private static final Set<String> TOP_LEVEL = Set.of("defaults", "gpuDefaults", "instanceTypes");
  private static final Set<String> PLACEMENT = Set.of("nodeSelector", "tolerations");
  private static final Set<String> ENTRY =
      Set.of("cpu", "memory", "gpus", "nodeSelector", "tolerations");
  private static final Set<String> TOLERATION = Set.of("key", "operator", "value", "effect");
  private static final Set<String> EFFECTS =
      Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final Map<String, InstanceTypeResources> types;

  private InstanceTypeCatalog(Map<String, InstanceTypeResources> types) {
    this.types = Map.copyOf(types);
  }

  /** Berth's defaults. */
  public static InstanceTypeCatalog defaults() {
    try (InputStream in =
        InstanceTypeCatalog.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + DEFAULT_RESOURCE + " is missing");
      }
      return parse(
          "the built-in instance-type catalog",
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  /**
   * The operator's catalog if {@code file} is given (it replaces the defaults), else the defaults.
   *
   * @throws IllegalArgumentException if the file cannot be read or is malformed; the message names
   *     the file, each bad entry and what is wrong with it
   */
  public static InstanceTypeCatalog load(Optional<Path> file) {
    if (file.isEmpty()) {
      return defaults();
    }
    Path path = file.get();
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read the instance-type catalog " + path + ": " + e, e);
    }
    return parse("Instance-type catalog " + path, text);
  }

  /**
   * A catalog from YAML text.
   *
   * @param where names the source in error messages ("Instance-type catalog /etc/berth/x.yaml")
   * @throws IllegalArgumentException listing every problem found
   */
  public static InstanceTypeCatalog parse(String where, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          where + " is not valid YAML: " + e.getOriginalMessage() + locationOf(e), e);
    }
    List<String> problems = new ArrayList<>();
    Map<String, InstanceTypeResources> types = new TreeMap<>();
    if (root == null || !root.isObject()) {
      problems.add("the file must be a mapping with an instanceTypes key");
    } else {
      unknownKeys(root, TOP_LEVEL, "the top level", problems);
      Placement defaults = placement(root.get("defaults"), "defaults", Placement.NONE, problems);
      Placement gpuDefaults = placement(root.get("gpuDefaults"), "gpuDefaults", defaults, problems);
      JsonNode entries = root.get("instanceTypes");
      if (entries == null || !entries.isObject() || entries.isEmpty()) {
        problems.add("instanceTypes must be a mapping with at least one instance type");
      } else {
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          entry(e.getKey(), e.getValue(), defaults, gpuDefaults, problems)
              .ifPresent(r -> types.put(r.name(), r));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          where + " is malformed:\n  - " + String.join("\n  - ", problems));
    }
    return new InstanceTypeCatalog(types);
  }

  /** What an instance of {@code instanceType} gets, or empty if the catalog does not have it. */
  public Optional<InstanceTypeResources> resources(String instanceType) {
    return Optional.ofNullable(types.get(instanceType));
  }

  /** Every instance type in the catalog, sorted. */
  public List<String> names() {
    return types.keySet().stream().sorted().toList();
  }

  private static Optional<InstanceTypeResources> entry(
      String name, JsonNode node, Placement defaults, Placement gpuDefaults, List<String> out) {
    String where = "entry \"" + name + "\"";
    int before = out.size();
    if (!NAME.matcher(name).matches()) {
      out.add(where + ": an instance type is named ml.<family>.<size> in lower case");
    }
    if (node == null || !node.isObject()) {
      out.add(where + ": must be a mapping with cpu and memory");
      return Optional.empty();
    }
    unknownKeys(node, ENTRY, where, out);
    String cpu = quantity(node.get("cpu"), where, "cpu", "2, 500m", out);
    String memory = quantity(node.get("memory"), where, "memory", "16Gi, 512Mi", out);
    int gpus = 0;
    JsonNode g = node.get("gpus");
    if (g != null && !g.isNull()) {
      if (!g.canConvertToExactIntegral() || !g.canConvertToInt() || g.intValue() < 0) {
        out.add(where + ": gpus must be a whole number ≥ 0, got " + g);
      } else {
        gpus = g.intValue();
      }
    }
    Placement inherited = gpus > 0 ? gpuDefaults : defaults;
    Placement own = placement(node, where, inherited, out);
    if (out.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new InstanceTypeResources(name, cpu, memory, gpus, own.nodeSelector, own.tolerations));
  }

  private static String quantity(
      JsonNode node, String where, String field, String examples, List<String> out) {
    if (node == null || node.isNull()) {
      out.add(where + ": " + field + " is missing (a Kubernetes quantity, e.g. " + examples + ")");
      return null;
    }
    String text = node.asText();
    if (!(node.isTextual() || node.isIntegralNumber() || node.isFloatingPointNumber())
        || !Quantities.valid(text)
        || Quantities.parse(text).signum() <= 0) {
      out.add(
          where
              + ": "
              + field
              + " \""
              + text
              + "\" is not a positive Kubernetes quantity (e.g. "
              + examples
              + ")");
      return null;
    }
    return text;
  }

  /** The placement a node (defaults block or entry) sets, falling back field by field. */
  private static Placement placement(
      JsonNode node, String where, Placement inherited, List<String> out) {
    if (node == null || node.isNull()) {
      return inherited;
    }
    if (!node.isObject()) {
      out.add(where + ": must be a mapping");
      return inherited;
    }
    if (where.equals("defaults") || where.equals("gpuDefaults")) {
      unknownKeys(node, PLACEMENT, where, out);
    }
    Map<String, String> selector = inherited.nodeSelector;
    JsonNode s = node.get("nodeSelector");
    if (s != null && !s.isNull()) {
      if (!s.isObject()) {
        out.add(where + ": nodeSelector must be a mapping of node label to value");
      } else {
        selector = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getKey().isBlank() || !e.getValue().isValueNode() || e.getValue().isNull()) {
            out.add(
                where + ": nodeSelector \"" + e.getKey() + "\" must be a label with a text value");
          } else {
            selector.put(e.getKey(), e.getValue().asText());
          }
        }
      }
    }
    List<Toleration> tolerations = inherited.tolerations;
    JsonNode t = node.get("tolerations");
    if (t != null && !t.isNull()) {
      if (!t.isArray()) {
        out.add(where + ": tolerations must be a list");
      } else {
        tolerations = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
          toleration(t.get(i), where + ": toleration " + (i + 1), out).ifPresent(tolerations::add);
        }
      }
    }
    return new Placement(selector, tolerations);
  }

  private static Optional<Toleration> toleration(JsonNode node, String where, List<String> out) {
    if (!node.isObject()) {
      out.add(where + " must be a mapping with key, operator, value, effect");
      return Optional.empty();
    }
    unknownKeys(node, TOLERATION, where, out);
    String key = node.path("key").asText("");
    String operator = node.path("operator").asText("Equal");
    String value = node.path("value").asText("");
    String effect = node.path("effect").asText("");
    int before = out.size();
    if (!operator.equals("Exists") && !operator.equals("Equal")) {
      out.add(where + ": operator must be Exists or Equal, got \"" + operator + "\"");
    }
    if (operator.equals("Exists") && !value.isEmpty()) {
      out.add(where + ": operator Exists takes no value");
    }
    if (operator.equals("Equal") && key.isEmpty()) {
      out.add(where + ": operator Equal needs a key");
    }
    if (!EFFECTS.contains(effect)) {
      out.add(
          where
              + ": effect must be NoSchedule, PreferNoSchedule or NoExecute, got \""
              + effect
              + "\"");
    }
    return out.size() > before
        ? Optional.empty()
        : Optional.of(new Toleration(key, operator, value, effect));
  }

  private static void unknownKeys(
      JsonNode node, Set<String> known, String where, List<String> out) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        out.add(
            where
                + ": unknown key \""
                + key
                + "\" (known: "
                + String.join(", ", sorted(known))
                + ")");
      }
    }
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private record Placement(Map<String, String> nodeSelector, List<Toleration> tolerations) {
    static final Placement NONE = new Placement(Map.of(), List.of());
  }
}
