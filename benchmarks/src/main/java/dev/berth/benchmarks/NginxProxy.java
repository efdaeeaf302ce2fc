package dev.berth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * nginx as the data-plane benchmark's reference proxy: a keep-alive reverse proxy to the echo
 * backend that rewrites {@code /endpoints/{name}/invocations} to {@code /invocations}, as Berth's
 * data plane does, with as many worker processes as the data plane has event loops. Logging is off
 * and keep-alive connections are never recycled, so nginx does the least work it can.
 *
 * <p>Usage: {@code Files.writeString(conf, NginxProxy.config(dir, 8902, "127.0.0.1:8900", 2))}
 */
final class NginxProxy {
  private NginxProxy() {}

  /**
   * The whole {@code nginx.conf}: it runs in the foreground, keeps its pid, logs and temporary
   * files under {@code prefix}, and listens on {@code 127.0.0.1:port}.
   */
  static String config(Path prefix, int port, String backend, int workers) {
    String dir = prefix.toAbsolutePath().toString();
    return String.format(
        Locale.ROOT,
        """
        # Written by the data-plane benchmark (benchmarks/data-plane.sh).
        daemon off;
        master_process on;
        worker_processes %d;
        pid %s/nginx.pid;
        error_log %s/error.log warn;

        events {
          worker_connections 4096;
        }

        http {
          access_log off;
          client_body_temp_path %s/tmp/body;
          proxy_temp_path %s/tmp/proxy;
          fastcgi_temp_path %s/tmp/fastcgi;
          uwsgi_temp_path %s/tmp/uwsgi;
          scgi_temp_path %s/tmp/scgi;
          # The benchmark's connections live for the whole run: never close one for its age.
          keepalive_timeout 120s;
          keepalive_requests 100000000;
          client_max_body_size 6m;
          client_body_buffer_size 1m;

          upstream echo {
            server %s;
            keepalive 256;
            keepalive_requests 100000000;
            keepalive_timeout 120s;
          }

          server {
            listen 127.0.0.1:%d backlog=1024;
            location ~ ^/endpoints/[^/]+/invocations$ {
              rewrite ^ /invocations break;
              proxy_pass http://echo;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
            }
            location / {
              return 404;
            }
          }
        }
        """,
        workers,
        dir,
        dir,
        dir,
        dir,
        dir,
        dir,
        dir,
        backend,
        port);
  }

  /** Writes the configuration under {@code prefix} and starts {@code nginx} on it. */
  static BenchProcess start(
      Path nginx, Path prefix, int port, String backend, int workers, CpuSet cpus)
      throws IOException {
    Files.createDirectories(prefix.resolve("tmp"));
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(conf, config(prefix, port, backend, workers));
    // -e: errors before the configuration is read go under the prefix too, not to /var/log.
    return BenchProcess.start(
        "nginx",
        CpuSet.pinned(
            cpus,
            List.of(
                nginx.toString(),
                "-p",
                prefix.toAbsolutePath().toString(),
                "-e",
                prefix.resolve("error.log").toAbsolutePath().toString(),
                "-c",
                conf.toAbsolutePath().toString())),
        prefix.resolve("nginx.out"));
  }
}
