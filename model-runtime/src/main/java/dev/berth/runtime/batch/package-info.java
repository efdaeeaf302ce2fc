/**
 * Dynamic batching with back-pressure: {@link dev.berth.runtime.batch.DynamicBatcher} groups jobs
 * with equal stack keys into batches on one worker thread, bounded by a queue that refuses at once
 * ({@link dev.berth.runtime.batch.QueueFullException}). Knows nothing of HTTP or engines, the way
 * DJL Serving's {@code wlm} knows nothing of Netty.
 */
package dev.berth.runtime.batch;
