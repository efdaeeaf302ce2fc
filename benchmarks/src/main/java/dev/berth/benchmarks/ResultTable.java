package dev.berth.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints results side by side, one row a run, latencies in milliseconds; error codes and missed
 * expectations follow the table.
 *
 * <p>Usage: {@code System.out.print(ResultTable.render(List.of(result)))}
 */
public final class ResultTable {
  private static final String[] HEADER = {
    "run",
    "mode",
    "requests",
    "errors",
    "ok/s",
    "p50",
    "p90",
    "p99",
    "p99.9",
    "max",
    "gen cores",
    "check"
  };

  private ResultTable() {}

  /** The table of {@code results}, in their order. */
  public static String render(List<LoadResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (LoadResult r : results) {
      LoadResult.Percentiles l = r.latencyMillis();
      rows.add(
          new String[] {
            r.label(),
            r.mode(),
            Long.toString(r.requests()),
            Long.toString(r.errors()),
            String.format(Locale.ROOT, "%.0f", r.okPerSecond()),
            millis(l.p50()),
            millis(l.p90()),
            millis(l.p99()),
            millis(l.p999()),
            millis(l.max()),
            String.format(Locale.ROOT, "%.2f", r.generatorCores()),
            (r.check().passed() ? "PASS " : "FAIL ") + "(" + r.check().expected() + ")"
          });
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      for (int i = 0; i < row.length; i++) {
        // Names left, numbers right, so columns of numbers line up on their last digit.
        if (i == row.length - 1) {
          out.append(row[i]);
        } else {
          out.append(pad(row[i], widths[i], i < 2)).append("  ");
        }
      }
      out.append(String.format("%n"));
      if (r == 0) {
        out.append("-".repeat(sum(widths) + 2 * (widths.length - 1))).append(String.format("%n"));
      }
    }
    out.append(
        String.format(
            "latencies in ms (HdrHistogram); ok/s = successful answers per"
                + " measured second; gen cores = the generator's own CPU in the window%n"));
    for (LoadResult r : results) {
      if (!r.errorsByCode().isEmpty()) {
        out.append(r.label()).append(" errors: ").append(codes(r.errorsByCode()));
        out.append(String.format("%n"));
      }
      if (!r.check().failures().isEmpty()) {
        out.append(r.label())
            .append(" missed: ")
            .append(String.join("; ", r.check().failures()))
            .append(String.format("%n"));
      }
    }
    return out.toString();
  }

  /** A number without a needless fraction: {@code 1000}, {@code 2.5}. */
  public static String number(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }

  private static String millis(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String codes(Map<String, Long> byCode) {
    StringBuilder out = new StringBuilder();
    byCode.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                out.append(out.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append("=")
                    .append(e.getValue()));
    return out.toString();
  }

  private static String pad(String text, int width, boolean left) {
    String fill = " ".repeat(Math.max(0, width - text.length()));
    return left ? text + fill : fill + text;
  }

  private static int sum(int[] values) {
    int total = 0;
    for (int v : values) {
      total += v;
    }
    return total;
  }
}
