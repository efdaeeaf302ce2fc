package dev.berth.runtime.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code text/csv}: one instance per line, its values comma-separated in C order, no header. A
 * model input of shape {@code [-1, d1, ..., dk]} takes rows of {@code d1 * ... * dk} values; the
 * response has one line per instance, the outputs' values side by side.
 */
final class CsvPayloads {
  private CsvPayloads() {}

  static DecodedRequest decode(byte[] body, List<TensorSpec> specs) {
    TensorSpec spec = InputMatcher.single(specs, "text/csv");
    TensorType type = InputMatcher.typeFor(spec);
    List<String[]> rows = rows(new String(body, StandardCharsets.UTF_8));
    if (rows.isEmpty()) {
      throw InputMatcher.mismatch(spec, "an empty CSV body");
    }
    int width = rows.get(0).length;
    long[] shape = rowShape(spec, rows.size(), width);
    ByteBuffer data = Tensor.allocate(type, (long) rows.size() * width);
    int at = 0;
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      if (row.length != width) {
        throw InputMatcher.mismatch(
            spec,
            "a row of " + row.length + " values on line " + (r + 1) + " after rows of " + width);
      }
      for (int c = 0; c < width; c++) {
        put(spec, type, data, at++, row[c].trim(), r, c);
      }
    }
    return new DecodedRequest(
        PayloadFormat.CSV, List.of(new Tensor(spec.name(), type, shape, data)), null, false);
  }

  private static List<String[]> rows(String text) {
    List<String[]> rows = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (!line.isBlank()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  /** The tensor shape for {@code count} rows of {@code width} values, checked against the spec. */
  private static long[] rowShape(TensorSpec spec, int count, int width) {
    if (!spec.hasShape()) {
      return new long[] {count, width};
    }
    long[] expected = spec.shape();
    if (expected.length < 2) {
      if (expected.length == 1 && width == 1) {
        return new long[] {count};
      }
      throw InputMatcher.mismatch(spec, "a row of " + width + " values");
    }
    long known = 1;
    int dynamicAt = -1;
    for (int i = 1; i < expected.length; i++) {
      if (expected[i] >= 0) {
        known *= expected[i];
      } else if (dynamicAt < 0) {
        dynamicAt = i;
      } else {
        // Two dynamic dimensions cannot be recovered from a flat row.
        throw InputMatcher.mismatch(
            spec, "a flat CSV row, which cannot fill two dynamic dimensions");
      }
    }
    long[] shape = expected.clone();
    shape[0] = count;
    if (dynamicAt > 0 && known > 0 && width % known == 0) {
      shape[dynamicAt] = width / known;
    } else if (dynamicAt > 0 || known != width) {
      throw InputMatcher.mismatch(spec, "a row of " + width + " values");
    }
    if (!spec.accepts(shape)) {
      throw InputMatcher.mismatch(spec, "a row of " + width + " values");
    }
    return shape;
  }

  private static void put(
      TensorSpec spec, TensorType type, ByteBuffer data, int at, String cell, int row, int col) {
    try {
      if (type.isFloatingPoint()) {
        type.putDouble(data, at, Double.parseDouble(cell));
      } else if (cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false")) {
        type.putLong(data, at, Boolean.parseBoolean(cell) ? 1 : 0);
      } else {
        type.putLong(data, at, Long.parseLong(cell));
      }
    } catch (NumberFormatException e) {
      throw InputMatcher.mismatch(
          spec,
          "'" + cell + "' on line " + (row + 1) + ", column " + (col + 1) + " (no header allowed)");
    }
  }

  static byte[] encode(List<Tensor> outputs) {
    long rows = -1;
    for (Tensor output : outputs) {
      long outRows = output.shape().length == 0 ? 1 : output.shape()[0];
      if (rows >= 0 && outRows != rows) {
        throw new UnsupportedMediaTypeException(
            "The model's outputs do not share a batch dimension, so they cannot be written as CSV"
                + " rows; ask for application/json.");
      }
      rows = outRows;
    }
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      boolean first = true;
      for (Tensor output : outputs) {
        int perRow = rows == 0 ? 0 : (int) (output.elementCount() / rows);
        ByteBuffer data = output.data();
        for (int i = r * perRow; i < (r + 1) * perRow; i++) {
          if (!first) {
            csv.append(',');
          }
          first = false;
          appendValue(csv, output.type(), data, i);
        }
      }
      csv.append('\n');
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendValue(StringBuilder csv, TensorType type, ByteBuffer data, int at) {
    switch (type) {
      case FLOAT32 -> csv.append(data.getFloat(at * 4));
      case FLOAT64 -> csv.append(data.getDouble(at * 8));
      default -> csv.append(type.getLong(data, at));
    }
  }
}
