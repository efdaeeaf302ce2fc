package dev.berth.dataplane.routes;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One runtime instance the data plane can send requests to, with the live counts the balancer
 * reads. The same object is kept from one route table to the next while the instance stays in it,
 * so its counts survive every refresh.
 */
public final class Instance {
  // A refused connection benches an instance this long, so the balancer stops offering it while
  // the reconciler notices and withdraws it from the route table.
  private static final long BENCH_NANOS = 2_000_000_000L;

  private final String address;
  private final InetSocketAddress socketAddress;
  private final AtomicInteger outstanding = new AtomicInteger();
  // 0: never benched; else when the bench ends (System.nanoTime()).
  private volatile long benchedUntilNanos;

  private Instance(String address, InetSocketAddress socketAddress) {
    this.address = address;
    this.socketAddress = socketAddress;
  }

  /**
   * An instance at {@code host:port} (IPv6 as {@code [::1]:8080}).
   *
   * @throws IllegalArgumentException when the address has no port
   */
  public static Instance at(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("not host:port: " + address);
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(address.substring(colon + 1));
    // Resolved here, on the route thread, and never on an event loop.
    return new Instance(address, new InetSocketAddress(host, port));
  }

  /** {@code host:port} as the route table names it. */
  public String address() {
    return address;
  }

  /** Where to connect. */
  public InetSocketAddress socketAddress() {
    return socketAddress;
  }

  /** Requests sent to this instance and not yet answered. */
  public int outstanding() {
    return outstanding.get();
  }

  /** Counts one more request in flight unless {@code max} are already; true if it was counted. */
  public boolean tryAcquire(int max) {
    for (; ; ) {
      int n = outstanding.get();
      if (n >= max) {
        return false;
      }
      if (outstanding.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** One request in flight fewer. */
  public void release() {
    outstanding.decrementAndGet();
  }

  /** Keeps the balancer away from this instance for a moment: it refused a connection. */
  public void bench() {
    benchedUntilNanos = System.nanoTime() + BENCH_NANOS;
  }

  /** True while the instance is benched. */
  public boolean benched() {
    long until = benchedUntilNanos;
    return until != 0 && System.nanoTime() - until < 0;
  }

  @Override
  public String toString() {
    return address;
  }
}
