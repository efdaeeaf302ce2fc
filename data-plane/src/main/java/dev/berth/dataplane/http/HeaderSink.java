package dev.berth.dataplane.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/** Where a message's headers go: a Netty header map, or a head encoded as bytes. */
interface HeaderSink {
  void header(AsciiString name, CharSequence value);

  static HeaderSink of(HttpHeaders headers) {
    return headers::set;
  }
}
