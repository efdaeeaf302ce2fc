package dev.berth.runtime.codec;

import java.util.Arrays;

/**
 * The dictionary at the head of a {@code .npy} file, e.g. {@code {'descr': '<f4', 'fortran_order':
 * False, 'shape': (1, 256), }}: a Python literal with string keys whose values are strings,
 * booleans or tuples of integers. Read in one pass over the characters, since every {@code .npy}
 * request pays for it (three regular expressions cost more than the rest of the decoding of a small
 * request). Keys other than the three numpy writes are skipped when their values have one of those
 * forms.
 *
 * <p>Usage: {@code NpyHeader h = NpyHeader.parse(text); h.descr(); h.fortranOrder(); h.shape();}
 *
 * @param descr the dtype, e.g. {@code <f4}
 * @param fortranOrder whether the data is in column-major order
 * @param shape the dimensions; empty for a scalar
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what is missing or unreadable
   */
  static NpyHeader parse(String text) {
    return new Reader(text).header();
  }

  private static final class Reader {
    private final String text;
    private int at;
    private String descr;
    private Boolean fortranOrder;
    private long[] shape;

    Reader(String text) {
      this.text = text;
    }

    NpyHeader header() {
      expect('{', "the .npy header is not a dictionary");
      while (true) {
        char next = peek();
        if (next == '}') {
          break;
        }
        String key = string("a key");
        expect(':', "the .npy header has no ':' after '" + key + "'");
        switch (key) {
          case "descr" -> descr = string("the 'descr' value");
          case "fortran_order" -> fortranOrder = bool("fortran_order");
          case "shape" -> shape = tuple("shape");
          default -> skipValue(key);
        }
        if (peek() == ',') {
          at++;
        } else if (peek() != '}') {
          throw new IllegalArgumentException("the .npy header dictionary is malformed");
        }
      }
      if (descr == null) {
        throw missing("descr");
      }
      if (fortranOrder == null) {
        throw missing("fortran_order");
      }
      if (shape == null) {
        throw missing("shape");
      }
      return new NpyHeader(descr, fortranOrder, shape);
    }

    private static IllegalArgumentException missing(String key) {
      return new IllegalArgumentException("the .npy header has no readable '" + key + "'");
    }

    /** The next character that is not white space; the end of the text reads as NUL. */
    private char peek() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      return at < text.length() ? text.charAt(at) : '\0';
    }

    private void expect(char c, String otherwise) {
      if (peek() != c) {
        throw new IllegalArgumentException(otherwise);
      }
      at++;
    }

    private String string(String what) {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw new IllegalArgumentException("the .npy header has no quoted string for " + what);
      }
      int end = text.indexOf(quote, at + 1);
      if (end < 0) {
        throw new IllegalArgumentException("the .npy header has an unterminated string");
      }
      String value = text.substring(at + 1, end);
      at = end + 1;
      return value;
    }

    private boolean bool(String key) {
      peek();
      if (text.startsWith("True", at)) {
        at += 4;
        return true;
      }
      if (text.startsWith("False", at)) {
        at += 5;
        return false;
      }
      throw missing(key);
    }

    private long[] tuple(String key) {
      expect('(', "the .npy header has no readable '" + key + "'");
      long[] dims = new long[4];
      int count = 0;
      while (peek() != ')') {
        int start = at;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
          at++;
        }
        if (at == start) {
          throw missing(key);
        }
        long dim;
        try {
          dim = Long.parseLong(text, start, at, 10);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "the .npy header's '" + key + "' has a number out of range", e);
        }
        if (at < text.length() && text.charAt(at) == 'L') {
          at++; // Python 2 wrote long integers with a suffix
        }
        if (count == dims.length) {
          dims = Arrays.copyOf(dims, count * 2);
        }
        dims[count++] = dim;
        char next = peek();
        if (next == ',') {
          at++;
        } else if (next != ')') {
          throw missing(key);
        }
      }
      at++;
      return Arrays.copyOf(dims, count);
    }

    private void skipValue(String key) {
      char next = peek();
      if (next == '\'' || next == '"') {
        string("'" + key + "'");
      } else if (next == '(') {
        tuple(key);
      } else if (text.startsWith("True", at) || text.startsWith("False", at)) {
        bool(key);
      } else {
        throw new IllegalArgumentException("the .npy header has an unreadable '" + key + "'");
      }
    }
  }
}
