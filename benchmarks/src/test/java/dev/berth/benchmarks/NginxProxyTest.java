package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NginxProxyTest {
  private final String conf =
      NginxProxy.config(Path.of("/tmp/bench/nginx"), 8902, "127.0.0.1:8900", 2);

  @Test
  void hasAsManyWorkersAsTheDataPlaneHasEventLoops() {
    assertThat(conf).contains("worker_processes 2;");
  }

  @Test
  void keepsUpstreamConnectionsAlive() {
    assertThat(conf)
        .contains("server 127.0.0.1:8900;")
        .contains("keepalive 256;")
        .contains("proxy_http_version 1.1;")
        .contains("proxy_set_header Connection \"\";");
  }

  @Test
  void rewritesTheInvokeEndpointPathToTheRuntimesPath() {
    assertThat(conf)
        .contains("location ~ ^/endpoints/[^/]+/invocations$ {")
        .contains("rewrite ^ /invocations break;")
        .contains("proxy_pass http://echo;");
  }

  @Test
  void runsInTheForegroundWithEverythingUnderItsPrefix() {
    assertThat(conf)
        .contains("daemon off;")
        .contains("pid /tmp/bench/nginx/nginx.pid;")
        .contains("proxy_temp_path /tmp/bench/nginx/tmp/proxy;")
        .contains("listen 127.0.0.1:8902")
        .contains("access_log off;");
  }
}
