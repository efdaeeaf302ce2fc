package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SloTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "p99<50ms|99|50",
        "P99 < 50|99|50",
        "p99.9<1s|99.9|1000",
        "p50<=800us|50|0.8",
        "max<2s|100|2000"
      })
  void readsOneBound(String text, double percentile, double millis) {
    Slo slo = Slo.parse(text);

    assertThat(slo.bounds()).hasSize(1);
    assertThat(slo.bounds().get(0).percentile()).isEqualTo(percentile);
    assertThat(slo.bounds().get(0).millis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "p99", "p99>50ms", "avg<5ms", "p0<5ms", "p101<5ms", "p99<50min"})
  void refusesWhatIsNotAnSlo(String text) {
    assertThatThrownBy(() -> Slo.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHistogramMissesEachBoundItIsNotUnder() {
    Histogram micros = new Histogram(3);
    for (int ms = 1; ms <= 100; ms++) {
      micros.recordValue(ms * 1000L);
    }

    assertThat(Slo.parse("p50<60ms,p99<200ms").missed(micros)).isEmpty();
    assertThat(Slo.parse("p50<60ms,p99<50ms").missed(micros))
        .singleElement()
        .asString()
        .startsWith("p99 99.");
    assertThat(Slo.parse("max<100ms").missed(micros)).hasSize(1);
  }
}
