package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the JSON results of several {@link ControlPlaneBench} runs side by side, in the order
 * given.
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.BenchReport a.json b.json}
 */
public final class BenchReport {
  private BenchReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("Usage: BenchReport RESULT.json...");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    List<LoadResult> results = new ArrayList<>();
    for (String file : args) {
      results.add(json.readValue(Path.of(file).toFile(), LoadResult.class));
    }
    System.out.print(ResultTable.render(results));
  }
}
