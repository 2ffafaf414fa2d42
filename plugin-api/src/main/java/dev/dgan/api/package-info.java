/**
 * The extension points plugins implement. This package depends on the runtime's tensor
 * types only: a plugin lists its implementations in the standard
 * {@code META-INF/services/<interface name>} files, so neither the API nor a plugin needs
 * plugin-framework types.
 */
package dev.dgan.api;
