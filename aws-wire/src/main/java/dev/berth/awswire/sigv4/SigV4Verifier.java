package dev.berth.awswire.sigv4;

import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Checks AWS Signature Version 4 {@code Authorization} headers, with the error codes and texts AWS
 * answers (spec §1.5, §9.4).
 *
 * <pre>{@code
 * SigV4Verifier verifier =
 *     new SigV4Verifier("sagemaker", Clock.systemUTC(), Duration.ofMinutes(5));
 * SigV4Credential credential = verifier.parse(request);
 * verifier.verify(credential, request, SigV4Verifier.sha256Hex(body), secretOf(credential));
 * }</pre>
 *
 * <p>{@link #parse} runs AWS's checks in AWS's order (as observed on AWS JSON services), so that a
 * request with several faults gets the error AWS would give: header present; well-formed {@code
 * key=value} parameters; {@code Credential}, {@code Signature}, {@code SignedHeaders} and a date
 * header present; date format; clock window; {@code host} signed; algorithm; five-part credential;
 * scope (region, service, terminator, date), all scope faults in one message. Looking up the access
 * key ({@code UnrecognizedClientException}) is the caller's, between the two steps.
 *
 * <p>Only header authentication is supported: SageMaker clients do not presign, so a request whose
 * only credentials are in the query string is answered as having none.
 *
 * <p>Thread-safe; one instance serves a whole process.
 */
public final class SigV4Verifier {
  /** The text of every signature mismatch, exactly as AWS words it. */
  public static final String SIGNATURE_MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";

  private static final String MISSING_TOKEN = "Missing Authentication Token";
  private static final String HOST_NOT_SIGNED =
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
  // Enough for every access key, region and the two days a skew window can straddle.
  private static final int SIGNING_KEYS = 1024;

  private final String serviceName;
  private final Predicate<String> regionServed;
  private final Clock clock;
  private final Duration allowedSkew;
  private final String skewText;
  private final SigningKeyCache signingKeys = new SigningKeyCache(SIGNING_KEYS);

  /**
   * A verifier for {@code serviceName} that accepts a credential scope of any region, and request
   * times within {@code allowedSkew} of {@code clock}.
   */
  public SigV4Verifier(String serviceName, Clock clock, Duration allowedSkew) {
    this(serviceName, region -> true, clock, allowedSkew);
  }

  /**
   * A verifier that also rejects a credential scope naming a region for which {@code regionServed}
   * is false, with {@code Credential should be scoped to a valid region, not '<region>'. }
   */
  public SigV4Verifier(
      String serviceName, Predicate<String> regionServed, Clock clock, Duration allowedSkew) {
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.regionServed = Objects.requireNonNull(regionServed, "regionServed");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (allowedSkew.isNegative()) {
      throw new IllegalArgumentException("allowedSkew must not be negative: " + allowedSkew);
    }
    this.allowedSkew = allowedSkew;
    this.skewText = skewText(allowedSkew);
  }

  /**
   * Step 1, before the secret is known: parses {@code Authorization} and {@code X-Amz-Date} (or
   * {@code Date}) and checks form, scope and clock.
   *
   * @throws AwsServiceException {@code MissingAuthenticationTokenException} without an {@code
   *     Authorization} header; {@code IncompleteSignatureException} when it is malformed or names
   *     another algorithm; {@code InvalidSignatureException} for a scope or a time that does not
   *     fit, or an unsigned {@code host}
   */
  public SigV4Credential parse(SignableRequest request) {
    String authorization = request.header("authorization");
    if (authorization == null || authorization.isBlank()) {
      throw new AwsServiceException(AwsErrorCode.MISSING_AUTHENTICATION_TOKEN, MISSING_TOKEN);
    }
    String trimmed = authorization.strip();
    int end = 0;
    while (end < trimmed.length() && !isSeparator(trimmed.charAt(end))) {
      end++;
    }
    String algorithm = trimmed.substring(0, end);
    if (!algorithm.startsWith("AWS4-")) {
      // Not SigV4 at all (Basic, Bearer, SigV2): its parameters would mean nothing to us.
      throw incomplete(unsupportedAlgorithm(algorithm));
    }
    Parameters parameters = Parameters.parse(trimmed, end, authorization);

    String credential = parameters.credential;
    String signature = parameters.signature;
    String signedHeaders = parameters.signedHeaders;
    String amzDateHeader = nonBlank(request.header("x-amz-date"));
    String dateHeader = nonBlank(request.header("date"));
    StringBuilder missing = new StringBuilder();
    if (credential == null || credential.isEmpty()) {
      missing.append("Authorization header requires 'Credential' parameter. ");
    }
    if (signature == null || signature.isEmpty()) {
      missing.append("Authorization header requires 'Signature' parameter. ");
    }
    // An empty SignedHeaders is well-formed here; it fails the host check below.
    if (signedHeaders == null) {
      missing.append("Authorization header requires 'SignedHeaders' parameter. ");
    }
    if (amzDateHeader == null && dateHeader == null) {
      missing.append(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }
    if (missing.length() > 0) {
      throw incomplete(missing.append("Authorization=").append(authorization).toString());
    }

    Instant requestTime = requestTime(amzDateHeader, dateHeader);
    // A valid X-Amz-Date is already in basic format: formatting it again costs a formatter per
    // request on the data plane's hot path.
    String amzDate = amzDateHeader != null ? amzDateHeader.strip() : AmzDate.format(requestTime);
    checkClock(requestTime, amzDate);

    List<String> signedHeaderNames = split(signedHeaders, ';');
    requireHostSigned(signedHeaderNames);
    if (!algorithm.equals(CanonicalRequest.ALGORITHM)) {
      throw incomplete(unsupportedAlgorithm(algorithm));
    }

    String[] scope = scopeElements(credential);
    if (scope == null) {
      throw incomplete(
          "Credential must have exactly 5 slash-delimited elements, e.g."
              + " keyid/date/region/service/term, got '"
              + credential
              + "'");
    }
    checkScope(scope[1], scope[2], scope[3], scope[4], amzDate);

    return new SigV4Credential(
        scope[0],
        scope[1],
        scope[2],
        scope[3],
        signedHeaderNames,
        signature,
        amzDate,
        request.header("x-amz-security-token"));
  }

  /**
   * Step 2, once the caller has looked up the secret of {@code credential.accessKeyId()}:
   * recomputes the signature over {@code request} and compares it in constant time.
   *
   * @param payloadSha256Hex the lower-case hex SHA-256 of the body as received (see {@link
   *     #sha256Hex}); a {@code x-amz-content-sha256} header, when present, must equal it
   * @throws AwsServiceException {@code InvalidSignatureException} with {@link #SIGNATURE_MISMATCH}
   *     when the signature, or the declared payload hash, does not match
   */
  public void verify(
      SigV4Credential credential,
      SignableRequest request,
      String payloadSha256Hex,
      String secretAccessKey) {
    requireHostSigned(credential.signedHeaders());
    String declaredPayloadHash = request.header("x-amz-content-sha256");
    if (declaredPayloadHash != null && !declaredPayloadHash.strip().equals(payloadSha256Hex)) {
      throw mismatch();
    }
    // Built in this thread's reused builders: the data plane verifies every request it serves.
    Builders builders = BUILDERS.get();
    StringBuilder canonical = builders.first();
    CanonicalRequest.append(canonical, request, credential.signedHeaders(), payloadSha256Hex);
    StringBuilder stringToSign = builders.second();
    CanonicalRequest.appendStringToSign(
        stringToSign,
        credential.amzDate(),
        credential.date(),
        credential.region(),
        credential.service(),
        canonical);
    byte[] signingKey =
        signingKeys.key(
            secretAccessKey, credential.date(), credential.region(), credential.service());
    if (!Sha256.isHexOf(Sha256.hmac(signingKey, stringToSign), credential.signature())) {
      throw mismatch();
    }
  }

  /** The lower-case hex SHA-256 of {@code body}: the payload hash {@link #verify} expects. */
  public static String sha256Hex(byte[] body) {
    return Sha256.hex(body);
  }

  /**
   * The parameters SigV4 reads from the {@code key=value} pairs after the algorithm, separated by
   * commas and/or whitespace; any other key is ignored, and a repeated one counts last.
   */
  private static final class Parameters {
    String credential;
    String signature;
    String signedHeaders;

    static Parameters parse(String trimmed, int from, String authorization) {
      Parameters parameters = new Parameters();
      int i = from;
      while (i < trimmed.length()) {
        while (i < trimmed.length() && isSeparator(trimmed.charAt(i))) {
          i++;
        }
        int start = i;
        while (i < trimmed.length() && !isSeparator(trimmed.charAt(i))) {
          i++;
        }
        if (i > start) {
          int eq = trimmed.indexOf('=', start);
          if (eq < 0 || eq >= i) {
            throw incomplete(
                "'"
                    + trimmed.substring(start, i)
                    + "' not a valid key=value pair (missing equal-sign) in Authorization header:"
                    + " '"
                    + authorization
                    + "'.");
          }
          parameters.put(trimmed, start, eq, i);
        }
      }
      return parameters;
    }

    private void put(String text, int keyStart, int eq, int end) {
      if (isKey(text, keyStart, eq, "Credential")) {
        credential = text.substring(eq + 1, end);
      } else if (isKey(text, keyStart, eq, "Signature")) {
        signature = text.substring(eq + 1, end);
      } else if (isKey(text, keyStart, eq, "SignedHeaders")) {
        signedHeaders = text.substring(eq + 1, end);
      }
    }

    private static boolean isKey(String text, int keyStart, int keyEnd, String key) {
      return keyEnd - keyStart == key.length() && text.startsWith(key, keyStart);
    }
  }

  /**
   * The five slash-separated elements of a {@code Credential}, or null when there are not exactly
   * five. Trailing empty elements are dropped, as {@link String#split} drops them: AWS ignores
   * trailing slashes too.
   */
  private static String[] scopeElements(String credential) {
    int end = credential.length();
    while (end > 0 && credential.charAt(end - 1) == '/') {
      end--;
    }
    if (end == 0) {
      return null;
    }
    String[] elements = new String[5];
    int count = 0;
    int start = 0;
    while (start <= end) {
      int slash = credential.indexOf('/', start);
      int stop = slash < 0 || slash > end ? end : slash;
      if (count == elements.length) {
        return null;
      }
      elements[count++] = credential.substring(start, stop);
      start = stop + 1;
    }
    return count == elements.length ? elements : null;
  }

  private static boolean isSeparator(char c) {
    return c == ',' || c == ' ' || c == '\t';
  }

  private static Instant requestTime(String amzDateHeader, String dateHeader) {
    // X-Amz-Date wins when both are present, as in AWS; only a Date header may be an HTTP date.
    String text = amzDateHeader != null ? amzDateHeader : dateHeader;
    Instant time = AmzDate.parseBasic(text.strip());
    if (time == null && amzDateHeader == null) {
      time = AmzDate.parseHttpDate(text);
    }
    if (time == null) {
      throw incomplete(
          "Date must be in ISO-8601 'basic format'. Got '"
              + text
              + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
    return time;
  }

  private void checkClock(Instant requestTime, String amzDate) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant earliest = now.minus(allowedSkew);
    if (requestTime.isBefore(earliest)) {
      throw invalid(
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + AmzDate.format(earliest)
              + " ("
              + AmzDate.format(now)
              + " - "
              + skewText
              + ".)");
    }
    Instant latest = now.plus(allowedSkew);
    if (requestTime.isAfter(latest)) {
      throw invalid(
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + AmzDate.format(latest)
              + " ("
              + AmzDate.format(now)
              + " + "
              + skewText
              + ".)");
    }
  }

  /** All scope faults at once, each sentence ending in a space, as AWS joins them. */
  private void checkScope(
      String date, String region, String service, String terminator, String amzDate) {
    StringBuilder faults = new StringBuilder();
    if (!regionServed.test(region)) {
      faults.append("Credential should be scoped to a valid region, not '").append(region);
      faults.append("'. ");
    }
    if (!service.equals(serviceName)) {
      faults.append("Credential should be scoped to correct service: '").append(serviceName);
      faults.append("'. ");
    }
    if (!terminator.equals(CanonicalRequest.TERMINATOR)) {
      faults.append("Credential should be scoped with a valid terminator: 'aws4_request', not '");
      faults.append(terminator).append("'. ");
    }
    String requestDate = amzDate.substring(0, 8);
    if (!date.equals(requestDate)) {
      faults
          .append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date")
          .append(" from HTTP: '")
          .append(date)
          .append("' != '")
          .append(requestDate)
          .append("', from '")
          .append(amzDate)
          .append("'. ");
    }
    if (faults.length() > 0) {
      throw invalid(faults.toString());
    }
  }

  private static void requireHostSigned(List<String> signedHeaders) {
    for (String name : signedHeaders) {
      if (name.equalsIgnoreCase("host") || name.equals(":authority")) {
        return;
      }
    }
    throw invalid(HOST_NOT_SIGNED);
  }

  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf(separator, start);
      if (end < 0) {
        end = text.length();
      }
      if (end > start) {
        parts.add(text.substring(start, end));
      }
      start = end + 1;
    }
    return parts;
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String unsupportedAlgorithm(String algorithm) {
    return "Unsupported AWS 'algorithm': '" + algorithm + "' (only AWS4-HMAC-SHA256 for now). ";
  }

  /** {@code 5 min}, as AWS prints its window; seconds only when the window is not whole minutes. */
  private static String skewText(Duration skew) {
    return skew.toSecondsPart() == 0 ? skew.toMinutes() + " min" : skew.toSeconds() + " sec";
  }

  private static AwsServiceException incomplete(String message) {
    return new AwsServiceException(AwsErrorCode.INCOMPLETE_SIGNATURE, message);
  }

  private static AwsServiceException invalid(String message) {
    return new AwsServiceException(AwsErrorCode.INVALID_SIGNATURE, message);
  }

  private static AwsServiceException mismatch() {
    return invalid(SIGNATURE_MISMATCH);
  }

  private static final ThreadLocal<Builders> BUILDERS = ThreadLocal.withInitial(Builders::new);

  /** A thread's two builders for the canonical request and the string to sign. */
  private static final class Builders {
    // A builder grown past this by an outsized request is not kept for the next one.
    private static final int KEPT = 16 * 1024;

    private StringBuilder first = new StringBuilder(1024);
    private StringBuilder second = new StringBuilder(256);

    StringBuilder first() {
      first = cleared(first);
      return first;
    }

    StringBuilder second() {
      second = cleared(second);
      return second;
    }

    private static StringBuilder cleared(StringBuilder builder) {
      if (builder.capacity() > KEPT) {
        return new StringBuilder(1024);
      }
      builder.setLength(0);
      return builder;
    }
  }
}
