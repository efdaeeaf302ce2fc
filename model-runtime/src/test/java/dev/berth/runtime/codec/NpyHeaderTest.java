package dev.berth.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NpyHeaderTest {

  @Test
  void readsTheDictionaryNumpyWrites() {
    NpyHeader header =
        NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 256), }    \n");

    assertThat(header.descr()).isEqualTo("<f4");
    assertThat(header.fortranOrder()).isFalse();
    assertThat(header.shape()).containsExactly(2, 256);
  }

  @Test
  void readsScalarsOneDimensionalTuplesAndOtherSpellings() {
    assertThat(NpyHeader.parse("{'descr':'<i8','fortran_order':False,'shape':()}").shape())
        .isEmpty();
    assertThat(NpyHeader.parse("{'shape': (7,), 'descr': '|u1', 'fortran_order': True}").shape())
        .containsExactly(7);
    NpyHeader python2 =
        NpyHeader.parse("{\"descr\": \">f8\", \"fortran_order\": True, \"shape\": (3L, 4L)}");
    assertThat(python2.descr()).isEqualTo(">f8");
    assertThat(python2.fortranOrder()).isTrue();
    assertThat(python2.shape()).containsExactly(3, 4);
    assertThat(
            NpyHeader.parse(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3, 4, 5, 6), }")
                .shape())
        .containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void skipsKeysItDoesNotKnow() {
    NpyHeader header =
        NpyHeader.parse(
            "{'descr': '<f4', 'note': 'x', 'flag': True, 'dims': (1, 2), 'fortran_order': False,"
                + " 'shape': (5,)}");

    assertThat(header.shape()).containsExactly(5);
  }

  @Test
  void namesWhatIsMissingOrUnreadable() {
    assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4', 'fortran_order': False}"))
        .hasMessage("the .npy header has no readable 'shape'");
    assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4', 'shape': (1,)}"))
        .hasMessage("the .npy header has no readable 'fortran_order'");
    assertThatThrownBy(
            () -> NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (a, 2)}"))
        .hasMessage("the .npy header has no readable 'shape'");
    assertThatThrownBy(
            () -> NpyHeader.parse("{'descr': '<f4', 'fortran_order': maybe, 'shape': (1,)}"))
        .hasMessage("the .npy header has no readable 'fortran_order'");
    assertThatThrownBy(() -> NpyHeader.parse("['descr']"))
        .hasMessage("the .npy header is not a dictionary");
    assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4"))
        .hasMessage("the .npy header has an unterminated string");
    assertThatThrownBy(() -> NpyHeader.parse("{'descr' '<f4'}"))
        .hasMessage("the .npy header has no ':' after 'descr'");
    assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4' 'shape': (1,)}"))
        .hasMessage("the .npy header dictionary is malformed");
    assertThatThrownBy(() -> NpyHeader.parse("{'descr': '<f4', 'x': 12}"))
        .hasMessage("the .npy header has an unreadable 'x'");
    assertThatThrownBy(
            () ->
                NpyHeader.parse(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}"))
        .hasMessage("the .npy header's 'shape' has a number out of range");
  }
}
