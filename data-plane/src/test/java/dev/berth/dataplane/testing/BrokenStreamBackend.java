package dev.berth.dataplane.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An instance whose streamed answer breaks off: it sends a chunked 200 with two parts and then
 * drops the connection without the final chunk, on every connection it accepts.
 */
public final class BrokenStreamBackend implements AutoCloseable {
  private final ServerSocket server;
  private final Thread thread;

  private BrokenStreamBackend(ServerSocket server) {
    this.server = server;
    this.thread = new Thread(this::serve, "broken-stream-backend");
    this.thread.setDaemon(true);
  }

  public static BrokenStreamBackend start() throws IOException {
    BrokenStreamBackend backend =
        new BrokenStreamBackend(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()));
    backend.thread.start();
    return backend;
  }

  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        readRequest(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "7\r\npart-0;\r\n7\r\npart-1;\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(50);
      } catch (IOException e) {
        // closed
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      String text = head.toString(StandardCharsets.US_ASCII);
      if (text.endsWith("\r\n\r\n")) {
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        int length =
            at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
