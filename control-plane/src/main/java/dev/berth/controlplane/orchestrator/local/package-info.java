/**
 * The {@code local} orchestrator: each instance of a fleet is a model runtime child process of the
 * control plane on a loopback port ({@link
 * dev.berth.controlplane.orchestrator.local.LocalOrchestrator}, configured by {@link
 * dev.berth.controlplane.orchestrator.local.LocalSettings}). The rest of the package is its
 * machinery: restart back-off, {@code /ping} answers, pid files, log tails.
 */
package dev.berth.controlplane.orchestrator.local;
