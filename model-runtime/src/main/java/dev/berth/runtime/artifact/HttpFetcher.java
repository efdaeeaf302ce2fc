package dev.berth.runtime.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Reads {@code http://} and {@code https://} model data with the JDK's HTTP client, following
 * redirects (presigned URLs often redirect). Only single archives: plain HTTP has no way to list a
 * prefix, so an uncompressed model over HTTP is refused with a message that says what to do.
 */
public final class HttpFetcher implements UrlFetcher {

  /** Time to the response headers; the body then streams for as long as it takes. */
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;

  /** A fetcher with its own client. */
  public HttpFetcher() {
    this(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10))
            .build());
  }

  /** A fetcher over {@code client}. */
  public HttpFetcher(HttpClient client) {
    this.client = client;
  }

  @Override
  public InputStream open(String url) throws IOException {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(RESPONSE_TIMEOUT).GET().build();
    } catch (IllegalArgumentException e) {
      throw ArtifactException.downloadFailed(url, "not a valid URL (" + e.getMessage() + ")", e);
    }
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while requesting " + ModelDataUrl.display(url));
    }
    if (response.statusCode() != 200) {
      // Closing without reading the error page: it is not ours to show, and may be large.
      response.body().close();
      int status = response.statusCode();
      if (status == 404 || status == 410) {
        throw ArtifactException.notFound(url, statusLine(status), null);
      }
      throw ArtifactException.downloadFailed(url, statusLine(status), null);
    }
    return response.body();
  }

  @Override
  public List<String> list(String prefixUrl) {
    throw noListing(prefixUrl);
  }

  @Override
  public InputStream openUnder(String prefixUrl, String relativePath) {
    throw noListing(prefixUrl);
  }

  private static ArtifactException noListing(String url) {
    return new ArtifactException(
        "Model data at "
            + ModelDataUrl.display(url)
            + " is an uncompressed prefix, which HTTP cannot list: package the model as one"
            + " model.tar.gz, or serve it from s3:// or file://.");
  }

  /** {@code 404 Not Found}: the code and its standard text, which is what a person looks for. */
  static String statusLine(int code) {
    String text =
        switch (code) {
          case 301 -> "Moved Permanently";
          case 302 -> "Found";
          case 304 -> "Not Modified";
          case 307 -> "Temporary Redirect";
          case 400 -> "Bad Request";
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 405 -> "Method Not Allowed";
          case 408 -> "Request Timeout";
          case 410 -> "Gone";
          case 416 -> "Range Not Satisfiable";
          case 429 -> "Too Many Requests";
          case 500 -> "Internal Server Error";
          case 501 -> "Not Implemented";
          case 502 -> "Bad Gateway";
          case 503 -> "Service Unavailable";
          case 504 -> "Gateway Timeout";
          default -> "";
        };
    return text.isEmpty() ? "HTTP " + code : code + " " + text;
  }
}
