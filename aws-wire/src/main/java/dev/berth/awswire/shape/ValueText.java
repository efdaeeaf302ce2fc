package dev.berth.awswire.shape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Prints a request value the way Coral echoes it in a violation: strings bare, lists as {@code [a,
 * b]} and objects as {@code {Key=a, Value=b}} (the {@code toString} of Java collections, which is
 * what Coral's messages show for lists and maps).
 */
final class ValueText {
  private ValueText() {}

  static String of(JsonNode node) {
    StringBuilder text = new StringBuilder();
    append(text, node);
    return text.toString();
  }

  private static void append(StringBuilder text, JsonNode node) {
    switch (node.getNodeType()) {
      case STRING -> text.append(node.textValue());
      case NUMBER, BOOLEAN -> text.append(node.asText());
      case NULL -> text.append("null");
      case ARRAY -> {
        text.append('[');
        Iterator<JsonNode> elements = node.elements();
        while (elements.hasNext()) {
          append(text, elements.next());
          if (elements.hasNext()) {
            text.append(", ");
          }
        }
        text.append(']');
      }
      case OBJECT -> {
        text.append('{');
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          text.append(field.getKey()).append('=');
          append(text, field.getValue());
          if (fields.hasNext()) {
            text.append(", ");
          }
        }
        text.append('}');
      }
      default -> text.append(node);
    }
  }
}
