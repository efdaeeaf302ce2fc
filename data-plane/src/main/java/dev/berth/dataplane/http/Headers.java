package dev.berth.dataplane.http;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;

/**
 * Header names the hot path looks up, as {@link AsciiString}s whose hash is computed once, and the
 * header maps it makes without Netty's per-header validation: names and values come from Netty's
 * own decoder (which splits on CRLF already) or from this code.
 */
final class Headers {
  static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
  static final AsciiString ACCEPT = AsciiString.cached("accept");
  static final AsciiString SAGEMAKER_ACCEPT = AsciiString.cached("x-amzn-sagemaker-accept");
  static final AsciiString CUSTOM_ATTRIBUTES =
      AsciiString.cached("x-amzn-sagemaker-custom-attributes");
  static final AsciiString TARGET_MODEL = AsciiString.cached("x-amzn-sagemaker-target-model");
  static final AsciiString TARGET_VARIANT = AsciiString.cached("x-amzn-sagemaker-target-variant");
  static final AsciiString INFERENCE_ID = AsciiString.cached("x-amzn-sagemaker-inference-id");
  static final AsciiString SESSION_ID = AsciiString.cached("x-amzn-sagemaker-session-id");
  static final AsciiString ENABLE_EXPLANATIONS =
      AsciiString.cached("x-amzn-sagemaker-enable-explanations");
  static final AsciiString NEW_SESSION_ID = AsciiString.cached("x-amzn-sagemaker-new-session-id");
  static final AsciiString CLOSED_SESSION_ID =
      AsciiString.cached("x-amzn-sagemaker-closed-session-id");
  static final AsciiString SAGEMAKER_CONTENT_TYPE =
      AsciiString.cached("X-Amzn-SageMaker-Content-Type");
  static final AsciiString INVOKED_VARIANT =
      AsciiString.cached("x-Amzn-Invoked-Production-Variant");
  static final AsciiString REQUEST_ID = AsciiString.cached("x-amzn-RequestId");
  static final AsciiString AMZ_TARGET = AsciiString.cached("x-amz-target");

  /** Header maps without validation, for messages this code builds from validated parts. */
  static final HttpHeadersFactory UNVALIDATED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private Headers() {}
}
