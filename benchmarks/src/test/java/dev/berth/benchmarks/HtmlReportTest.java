package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  /** A result with one run whose answers took 1 to 100 ms, and one error. */
  static BenchResult result(String kind) {
    Measurement m = new Measurement();
    for (int i = 1; i <= 100; i++) {
      m.record(0, new LoadClient.Answer(0, i * 1_000_000L, null, 200));
      m.countOkAnswer();
    }
    m.record(0, new LoadClient.Answer(0, 5_000_000L, "ModelError", 424));
    m.series(
        List.of(
            new Measurement.Second(1, "warmup", 100, 100, 0, 5, 9, 10, 12, 3),
            new Measurement.Second(2, "measure", 101, 100, 1, 50, 90, 99, 100, 2)));
    InvokeRun run =
        InvokeRun.of(
            "step 1",
            "InvokeEndpoint e",
            "open 100/s",
            100,
            16,
            1,
            Duration.ZERO,
            Duration.ofSeconds(1),
            m,
            "2026-11-28T00:00:00Z");
    InvokeSettings settings =
        new InvokeSettings(
            URI.create("http://127.0.0.1:8081"),
            "e",
            List.of("body.json"),
            "application/json",
            null,
            null,
            "us-east-1",
            16);
    BenchResult.SweepVerdict verdict =
        kind.equals("sweep")
            ? new BenchResult.SweepVerdict(
                "p99<50ms", 0.01, 0, 100, List.of("p99 99.00 ms ≥ 50 ms"))
            : null;
    return new BenchResult(
        kind,
        "2026-11-28T00:00:00Z",
        settings,
        new BenchResult.Machine(2, "java", "linux"),
        List.of(run),
        verdict);
  }

  @Test
  void theReportIsSelfContained() {
    String html = HtmlReport.render(result("sweep"));

    assertThat(Pattern.compile("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find())
        .as("no resource is fetched from a network")
        .isFalse();
    assertThat(html).doesNotContain("<link").doesNotContain("@import").doesNotContain("url(");
    assertThat(html).doesNotContainPattern("<script(?![^>]*application/json)");
  }

  @Test
  void theReportHasItsChartsWithOneLinePerSeries() {
    String html = HtmlReport.render(result("invoke"));

    assertThat(html)
        .contains("<svg class=\"chart\" id=\"latency-percentiles\"")
        .contains("<svg class=\"chart\" id=\"latency-over-time\"")
        .contains("<svg class=\"chart\" id=\"throughput-over-time\"")
        .doesNotContain("id=\"latency-by-rate\"");
    // One percentile curve, p50/p99/max over time, ok/s and errors/s over time.
    assertThat(Pattern.compile("<polyline class=\"series\"").matcher(html).results().count())
        .isEqualTo(6);
    assertThat(html).contains("ModelError=1").contains("424=1");
  }

  @Test
  void aSweepReportAddsLatencyByRateAndTheVerdict() {
    String html = HtmlReport.render(result("sweep"));

    assertThat(html).contains("id=\"latency-by-rate\"").contains("id=\"verdict\"");
    assertThat(html).contains("broke at 100/s (p99 99.00 ms ≥ 50 ms)");
  }

  @Test
  void theEmbeddedJsonCannotCloseItsScript() {
    BenchResult r = result("invoke");
    BenchResult hostile =
        new BenchResult(
            r.kind(), "</script><img src=x>", r.settings(), r.machine(), r.runs(), r.sweep());

    String html = HtmlReport.render(hostile);

    assertThat(html).doesNotContain("</script><img").contains("&lt;/script&gt;&lt;img src=x&gt;");
  }
}
