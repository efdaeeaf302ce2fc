package dev.berth.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * {@code report.html}: one self-contained page (inline SVG and CSS, no script or font to fetch), so
 * it opens in a browser without network access and can be mailed or archived as one file. Charts:
 * latency by percentile, latency over time, throughput over time and, for a sweep, latency by
 * offered rate. The result's JSON is embedded as well.
 *
 * <p>Usage: {@code Files.writeString(dir.resolve("report.html"), HtmlReport.render(result))}
 */
public final class HtmlReport {
  private static final String[] COLORS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };
  private static final int WIDTH = 760;
  private static final int HEIGHT = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 150;
  private static final int TOP = 28;
  private static final int BOTTOM = 44;

  private HtmlReport() {}

  /** The page for {@code result}. */
  public static String render(BenchResult result) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>berth bench ")
        .append(escape(result.kind()))
        .append(" — ")
        .append(escape(result.settings().endpointName()))
        .append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:24px;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
        .append("td:first-child,th:first-child{text-align:left}")
        .append("svg.chart{display:block;margin:12px 0 28px;background:#fff}")
        .append("svg text{font-size:11px;font-family:sans-serif}")
        .append("</style></head><body>\n");
    html.append("<h1>berth bench ").append(escape(result.kind())).append("</h1>\n");
    html.append("<p>Endpoint <b>")
        .append(escape(result.settings().endpointName()))
        .append("</b> at ")
        .append(escape(result.settings().endpointUrl().toString()))
        .append(", region ")
        .append(escape(result.settings().region()))
        .append(". Ended ")
        .append(escape(result.date()))
        .append(". Generator: ")
        .append(result.machine().cores())
        .append(" cores, ")
        .append(escape(result.machine().java()))
        .append(".</p>\n");
    if (result.sweep() != null) {
      BenchResult.SweepVerdict v = result.sweep();
      html.append("<p id=\"verdict\">SLO <b>")
          .append(escape(v.slo()))
          .append("</b>: highest rate held <b>")
          .append(ResultTable.number(v.highestRateHeld()))
          .append("/s</b>")
          .append(
              v.brokenAtRate() > 0
                  ? "; broke at "
                      + ResultTable.number(v.brokenAtRate())
                      + "/s ("
                      + escape(String.join("; ", v.brokenBecause()))
                      + ")"
                  : "; did not break up to the maximum rate")
          .append(".</p>\n");
    }
    html.append(summaryTable(result.runs()));
    html.append("<p>Latencies are counted from each request's intended send time in the open loop")
        .append(" (coordinated-omission corrected), from its send in the closed loop.")
        .append(" HdrHistogram, 3 significant digits; no averages.</p>\n");
    html.append(percentileChart(result.runs()));
    html.append(latencyOverTime(result.runs()));
    html.append(throughputOverTime(result.runs()));
    if (result.sweep() != null) {
      html.append(latencyByRate(result.runs()));
    }
    html.append("<script type=\"application/json\" id=\"result\">")
        .append(result.json().replace("</", "<\\/"))
        .append("</script>\n</body></html>\n");
    return html.toString();
  }

  private static String summaryTable(List<InvokeRun> runs) {
    StringBuilder out = new StringBuilder("<table id=\"summary\"><tr>");
    for (String h :
        List.of(
            "run",
            "mode",
            "requests",
            "errors",
            "ok/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms",
            "gen cores",
            "gen µs/req",
            "errors by code",
            "errors by status")) {
      out.append("<th>").append(escape(h)).append("</th>");
    }
    out.append("</tr>\n");
    for (InvokeRun run : runs) {
      LoadResult r = run.summary();
      LoadResult.Percentiles l = r.latencyMillis();
      out.append("<tr>");
      for (String cell :
          List.of(
              r.label(),
              r.mode(),
              Long.toString(r.requests()),
              Long.toString(r.errors()),
              format("%.0f", r.okPerSecond()),
              format("%.2f", l.p50()),
              format("%.2f", l.p90()),
              format("%.2f", l.p99()),
              format("%.2f", l.p999()),
              format("%.2f", l.max()),
              format("%.2f", r.generatorCores()),
              format("%.1f", run.generatorCpuMicrosPerRequest()),
              codes(r.errorsByCode()),
              codes(run.errorsByStatus()))) {
        out.append("<td>").append(escape(cell)).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</table>\n").toString();
  }

  private static String percentileChart(List<InvokeRun> runs) {
    // x = log10(1 / (1 - p)): 90 %, 99 %, 99.9 % … equally spaced, as HdrHistogram plots them.
    DoubleUnaryOperator x = p -> Math.log10(1 / Math.max(1e-6, 1 - Math.min(p, 99.9999) / 100));
    List<Line> lines = new ArrayList<>();
    int i = 0;
    for (InvokeRun run : lastRuns(runs, COLORS.length)) {
      double[] xs = new double[run.percentiles().size()];
      double[] ys = new double[xs.length];
      for (int k = 0; k < xs.length; k++) {
        xs[k] = x.applyAsDouble(run.percentiles().get(k).percentile());
        ys[k] = run.percentiles().get(k).millis();
      }
      lines.add(new Line(run.summary().label() + " " + run.summary().mode(), COLORS[i++], xs, ys));
    }
    List<Tick> ticks = new ArrayList<>();
    String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    for (int k = 0; k < labels.length; k++) {
      ticks.add(new Tick(k, labels[k]));
    }
    return chart(
        "latency-percentiles", "Latency by percentile", "percentile", "latency (ms)", lines, ticks);
  }

  private static String latencyOverTime(List<InvokeRun> runs) {
    List<double[]> p50 = new ArrayList<>();
    List<double[]> p99 = new ArrayList<>();
    List<double[]> max = new ArrayList<>();
    double offset = 0;
    for (InvokeRun run : runs) {
      double last = 0;
      for (Measurement.Second s : run.series()) {
        double t = offset + s.elapsedSeconds();
        if (s.answersPerSecond() > 0) {
          p50.add(new double[] {t, s.p50Millis()});
          p99.add(new double[] {t, s.p99Millis()});
          max.add(new double[] {t, s.maxMillis()});
        }
        last = s.elapsedSeconds();
      }
      offset += last;
    }
    return chart(
        "latency-over-time",
        "Latency over time (answers of each second)",
        "seconds",
        "latency (ms)",
        List.of(
            line("p50", COLORS[0], p50), line("p99", COLORS[1], p99), line("max", COLORS[3], max)),
        null);
  }

  private static String throughputOverTime(List<InvokeRun> runs) {
    List<double[]> ok = new ArrayList<>();
    List<double[]> errors = new ArrayList<>();
    double offset = 0;
    for (InvokeRun run : runs) {
      double last = 0;
      for (Measurement.Second s : run.series()) {
        ok.add(new double[] {offset + s.elapsedSeconds(), s.okPerSecond()});
        errors.add(new double[] {offset + s.elapsedSeconds(), s.errorsPerSecond()});
        last = s.elapsedSeconds();
      }
      offset += last;
    }
    return chart(
        "throughput-over-time",
        "Throughput over time",
        "seconds",
        "per second",
        List.of(line("ok/s", COLORS[2], ok), line("errors/s", COLORS[1], errors)),
        null);
  }

  private static String latencyByRate(List<InvokeRun> runs) {
    List<double[]> p50 = new ArrayList<>();
    List<double[]> p99 = new ArrayList<>();
    for (InvokeRun run : runs) {
      p50.add(new double[] {run.summary().targetRate(), run.summary().latencyMillis().p50()});
      p99.add(new double[] {run.summary().targetRate(), run.summary().latencyMillis().p99()});
    }
    return chart(
        "latency-by-rate",
        "Latency by offered rate (one point per step)",
        "offered rate (req/s)",
        "latency (ms)",
        List.of(line("p50", COLORS[0], p50), line("p99", COLORS[1], p99)),
        null);
  }

  private record Line(String name, String color, double[] xs, double[] ys) {}

  private record Tick(double value, String label) {}

  private static Line line(String name, String color, List<double[]> points) {
    double[] xs = new double[points.size()];
    double[] ys = new double[points.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = points.get(i)[0];
      ys[i] = points.get(i)[1];
    }
    return new Line(name, color, xs, ys);
  }

  /** One line chart; {@code xTicks} null for five even ticks. */
  private static String chart(
      String id, String title, String xLabel, String yLabel, List<Line> lines, List<Tick> xTicks) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = 0;
    for (Line line : lines) {
      for (int i = 0; i < line.xs().length; i++) {
        minX = Math.min(minX, line.xs()[i]);
        maxX = Math.max(maxX, line.xs()[i]);
        maxY = Math.max(maxY, line.ys()[i]);
      }
    }
    if (xTicks != null) {
      minX = Math.min(minX, xTicks.get(0).value());
      maxX = Math.max(maxX, xTicks.get(xTicks.size() - 1).value());
    }
    if (minX == Double.MAX_VALUE) {
      minX = 0;
      maxX = 1;
    }
    if (maxX <= minX) {
      maxX = minX + 1;
    }
    maxY = niceCeiling(maxY);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    double x0 = minX;
    double xSpan = maxX - minX;
    double yTop = maxY;
    DoubleUnaryOperator px = v -> LEFT + (v - x0) / xSpan * plotW;
    DoubleUnaryOperator py = v -> TOP + plotH - v / yTop * plotH;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" id=\"")
        .append(id)
        .append("\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(escape(title))
        .append("\">\n<title>")
        .append(escape(title))
        .append("</title>\n");
    svg.append(
        text(LEFT, 16, "start", "<tspan font-weight=\"bold\">" + escape(title) + "</tspan>"));
    // Axes, grid and ticks.
    for (int k = 0; k <= 4; k++) {
      double v = yTop * k / 4;
      double y = py.applyAsDouble(v);
      svg.append(path(String.format(Locale.ROOT, "M%d %.1fH%d", LEFT, y, LEFT + plotW), "#e5e5e5"));
      svg.append(text(LEFT - 6, y + 4, "end", escape(number(v))));
    }
    List<Tick> ticks = xTicks;
    if (ticks == null) {
      ticks = new ArrayList<>();
      for (int k = 0; k <= 4; k++) {
        double v = minX + xSpan * k / 4;
        ticks.add(new Tick(v, number(v)));
      }
    }
    for (Tick tick : ticks) {
      double x = px.applyAsDouble(tick.value());
      svg.append(
          path(String.format(Locale.ROOT, "M%.1f %dV%d", x, TOP + plotH, TOP + plotH + 4), "#888"));
      svg.append(text(x, TOP + plotH + 16, "middle", escape(tick.label())));
    }
    svg.append(
        path(
            String.format(Locale.ROOT, "M%d %dV%dH%d", LEFT, TOP, TOP + plotH, LEFT + plotW),
            "#888"));
    svg.append(text(LEFT + plotW / 2.0, HEIGHT - 8, "middle", escape(xLabel)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>%n",
            TOP + plotH / 2.0,
            TOP + plotH / 2.0,
            escape(yLabel)));
    // Series and legend.
    int legend = 0;
    for (Line line : lines) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < line.xs().length; i++) {
        points.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                px.applyAsDouble(line.xs()[i]),
                py.applyAsDouble(line.ys()[i])));
      }
      svg.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(line.color())
          .append("\" points=\"")
          .append(points.toString().strip())
          .append("\"><title>")
          .append(escape(line.name()))
          .append("</title></polyline>\n");
      double ly = TOP + 8 + legend++ * 16;
      svg.append(
          path(String.format(Locale.ROOT, "M%d %.1fh18", LEFT + plotW + 12, ly), line.color()));
      svg.append(text(LEFT + plotW + 34, ly + 4, "start", escape(line.name())));
    }
    return svg.append("</svg>\n").toString();
  }

  /** The last {@code n} runs: a long sweep's percentile chart keeps the steps near the break. */
  private static List<InvokeRun> lastRuns(List<InvokeRun> runs, int n) {
    return runs.subList(Math.max(0, runs.size() - n), runs.size());
  }

  private static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (v <= step * magnitude) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String path(String d, String color) {
    return "<path d=\"" + d + "\" stroke=\"" + color + "\" fill=\"none\"/>\n";
  }

  private static String text(double x, double y, String anchor, String content) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
        x,
        y,
        anchor,
        content);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : format("%.3g", v);
  }

  private static String format(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }

  private static String codes(Map<String, Long> byCode) {
    StringBuilder out = new StringBuilder();
    byCode.forEach(
        (code, n) -> out.append(out.length() == 0 ? "" : ", ").append(code).append('=').append(n));
    return out.toString();
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
