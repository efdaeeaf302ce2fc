/**
 * IAM semantics both planes share: which actions an access key's allow-list grants ({@link
 * dev.berth.awswire.iam.ActionAllowList}).
 */
package dev.berth.awswire.iam;
