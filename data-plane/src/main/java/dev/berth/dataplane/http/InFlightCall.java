package dev.berth.dataplane.http;

/** A request that has left the client's connection for an upstream one. */
interface InFlightCall {
  /** The client went away: stop, and tell the upstream by closing its connection. */
  void cancel();

  /** The client's connection can (or cannot) take more bytes now. */
  void inboundWritable(boolean writable);
}
