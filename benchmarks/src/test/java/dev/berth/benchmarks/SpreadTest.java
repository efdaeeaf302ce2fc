package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SpreadTest {
  @Test
  void twentySamplesGiveTheTenthAsMedianAndTheEighteenthAsP90() {
    List<Long> millis = LongStream.rangeClosed(1, 20).map(i -> 21 - i).boxed().toList();

    assertThat(Spread.of(millis)).isEqualTo(new Spread(20, 10, 18, 1, 20));
  }

  @Test
  void oneSampleIsEveryPercentile() {
    assertThat(Spread.of(List.of(2800L))).isEqualTo(new Spread(1, 2800, 2800, 2800, 2800));
  }

  @Test
  void noSamplesAreAllZero() {
    assertThat(Spread.of(List.of())).isEqualTo(new Spread(0, 0, 0, 0, 0));
  }
}
