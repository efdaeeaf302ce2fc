package dev.berth.dataplane.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 message head written straight into bytes, for the two heads every invocation sends:
 * the request to the instance and the caller's answer. They skip Netty's header map and encoder,
 * which cost a tenth of the event loops' own CPU per request. Names are this code's; values come
 * from Netty's decoder, which has split the lines on CRLF already, or from this code. Each char is
 * written as one byte (ISO-8859-1), as the decoder read it.
 */
final class EncodedHead implements HeaderSink {
  private static final byte[] INVOCATION_LINE =
      "POST /invocations HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
  private static final int CRLF = ('\r' << 8) | '\n';
  private static final int COLON_SPACE = (':' << 8) | ' ';
  private static final int INITIAL_BYTES = 384;

  private final ByteBuf buf;

  private EncodedHead(ByteBuf buf) {
    this.buf = buf;
  }

  /**
   * The head of {@code POST /invocations} to {@code host} with {@code contentLength} bytes of body;
   * the caller's headers that the container contract passes on are added next, then {@link #end}.
   */
  static EncodedHead invocation(ByteBufAllocator alloc, CharSequence host, int contentLength) {
    EncodedHead head = new EncodedHead(alloc.buffer(INITIAL_BYTES));
    head.buf.writeBytes(INVOCATION_LINE);
    head.header(HttpHeaderNames.HOST, host);
    head.header(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    return head;
  }

  /** The head of a response with {@code status}; headers are added next, then {@link #end}. */
  static EncodedHead response(ByteBufAllocator alloc, HttpResponseStatus status) {
    EncodedHead head = new EncodedHead(alloc.buffer(INITIAL_BYTES));
    head.buf.writeBytes(HTTP_1_1);
    ByteBufUtil.writeAscii(head.buf, status.codeAsText());
    head.buf.writeByte(' ');
    ByteBufUtil.writeAscii(head.buf, status.reasonPhrase());
    head.buf.writeShort(CRLF);
    return head;
  }

  @Override
  public void header(AsciiString name, CharSequence value) {
    ByteBufUtil.writeAscii(buf, name);
    buf.writeShort(COLON_SPACE);
    ByteBufUtil.writeAscii(buf, value);
    buf.writeShort(CRLF);
  }

  private void header(AsciiString name, int value) {
    ByteBufUtil.writeAscii(buf, name);
    buf.writeShort(COLON_SPACE);
    writeDecimal(value);
    buf.writeShort(CRLF);
  }

  /** The head's bytes, ended by the empty line; the caller owns them. */
  ByteBuf end() {
    buf.writeShort(CRLF);
    return buf;
  }

  private void writeDecimal(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative length " + value);
    }
    int digits = 1;
    for (int v = value; v >= 10; v /= 10) {
      digits++;
    }
    int at = buf.writerIndex() + digits;
    buf.ensureWritable(digits);
    for (int i = 1; i <= digits; i++) {
      buf.setByte(at - i, '0' + value % 10);
      value /= 10;
    }
    buf.writerIndex(at);
  }
}
