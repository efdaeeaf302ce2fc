package dev.berth.awswire.error;

import java.util.Map;

/**
 * An error ready for any HTTP server: status, headers and body bytes.
 *
 * @param status the HTTP status
 * @param headers the headers to set (Content-Type, x-amzn-ErrorType, x-amzn-RequestId, Date)
 * @param body the JSON body
 */
public record ErrorResponse(int status, Map<String, String> headers, byte[] body) {}
