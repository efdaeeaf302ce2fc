package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser sees it: headless Chromium loads it with the network off and dumps
 * the DOM it built. Skipped where Chromium is not installed ({@code apt-get install chromium}).
 */
class HtmlReportChromiumIT {
  @TempDir Path dir;

  @Test
  void chromiumRendersTheChartsWithoutTheNetwork() throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(
        chromium.isPresent(),
        "chromium / chromium-browser / google-chrome not on PATH: the report was not opened in a"
            + " browser (apt-get install chromium to run this test)");
    HtmlReportTest.result("sweep").write(dir);

    Path dom = dir.resolve("dom.html");
    Process process =
        new ProcessBuilder(
                chromium.get().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                // Any request leaving the machine fails, so a chart that needs one would be empty.
                "--proxy-server=127.0.0.1:9",
                "--dump-dom",
                dir.resolve("report.html").toUri().toString())
            .redirectOutput(dom.toFile())
            .redirectError(dir.resolve("chromium.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();

    String rendered = Files.readString(dom, StandardCharsets.UTF_8);
    for (String id :
        List.of(
            "latency-percentiles",
            "latency-over-time",
            "throughput-over-time",
            "latency-by-rate")) {
      assertThat(rendered).contains("id=\"" + id + "\"");
    }
    assertThat(rendered).contains("<polyline");
  }

  private static Optional<Path> chromium() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of("chromium", "chromium-browser", "google-chrome")
        .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
