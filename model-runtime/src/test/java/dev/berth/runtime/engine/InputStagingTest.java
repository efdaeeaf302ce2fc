package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class InputStagingTest {
  private final InputStaging staging = new InputStaging();

  @Test
  void aHeapInputIsCopiedIntoNativeMemoryThatTheNextPassReuses() {
    Tensor first = staging.staged(0, Tensor.ofFloats("x", new long[] {1, 4}, 1, 2, 3, 4));
    assertThat(first.data().isDirect()).isTrue();
    assertThat(first.toFloats()).containsExactly(1, 2, 3, 4);
    assertThat(first.shape()).containsExactly(1, 4);
    assertThat(first.name()).isEqualTo("x");

    Tensor second = staging.staged(0, Tensor.ofFloats("x", new long[] {1, 4}, 5, 6, 7, 8));
    assertThat(second.toFloats()).containsExactly(5, 6, 7, 8);
    // The same memory: the first pass's input is gone, as it is once its pass has run.
    assertThat(first.toFloats()).containsExactly(5, 6, 7, 8);
  }

  @Test
  void eachInputPositionHasItsOwnMemoryAndALargerInputGetsMore() {
    Tensor a = staging.staged(0, Tensor.ofFloats("a", new long[] {1, 2}, 1, 2));
    Tensor b = staging.staged(1, Tensor.ofFloats("b", new long[] {1, 2}, 3, 4));
    assertThat(a.toFloats()).containsExactly(1, 2);
    assertThat(b.toFloats()).containsExactly(3, 4);

    float[] many = new float[1000];
    many[999] = 9;
    Tensor larger = staging.staged(0, Tensor.ofFloats("a", new long[] {1, 1000}, many));
    assertThat(larger.data().capacity()).isEqualTo(4000);
    assertThat(larger.toFloats()[999]).isEqualTo(9);
    assertThat(b.toFloats()).containsExactly(3, 4);
  }

  @Test
  void anInputInDirectMemoryAlreadyIsTakenAsItIs() {
    ByteBuffer direct = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
    direct.putFloat(1).putFloat(2).flip();
    Tensor tensor = new Tensor("x", TensorType.FLOAT32, new long[] {2}, direct);

    assertThat(staging.staged(0, tensor)).isSameAs(tensor);
  }

  @Test
  void aBufferHasExactlyTheBytesAskedFor() {
    assertThat(staging.buffer(0, 12).remaining()).isEqualTo(12);
    assertThat(staging.buffer(0, 4).capacity()).isEqualTo(4);
    assertThat(staging.buffer(0, 4).order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }
}
