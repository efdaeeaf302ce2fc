/**
 * AWS Signature Version 4: the server's check of a signed request and the client's signing of one.
 *
 * <p>The server side runs in two steps, because the secret is only known once the access key id has
 * been read:
 *
 * <pre>{@code
 * SigV4Credential credential = verifier.parse(request);           // form, scope, clock
 * String secret = keys.secretFor(credential.accessKeyId());        // caller: UnrecognizedClient
 * verifier.verify(credential, request, SigV4Verifier.sha256Hex(body), secret);
 * }</pre>
 *
 * <p>{@link dev.berth.awswire.sigv4.SignableRequest} keeps both steps free of any HTTP library;
 * {@link dev.berth.awswire.sigv4.CanonicalRequest} is the one canonicalization that both {@link
 * dev.berth.awswire.sigv4.SigV4Verifier} and {@link dev.berth.awswire.sigv4.SigV4Signer} use.
 * Failures are {@link dev.berth.awswire.error.AwsServiceException}s carrying the codes and texts of
 * spec §1.5 and §9.4.
 *
 * <p>Paths follow the rules for every service but S3, which is what the AWS SDKs apply to
 * SageMaker: dot segments and empty segments are removed, then the path <em>as received</em> is
 * URI-encoded once more (so {@code %20} on the wire is signed as {@code %2520}).
 */
package dev.berth.awswire.sigv4;
