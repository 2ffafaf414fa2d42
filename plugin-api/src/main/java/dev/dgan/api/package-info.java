/**
 * The extension points plugins implement. This package depends on the runtime's tensor
 * types only; plugins mark their implementations with PF4J's {@code @Extension(points = ...)}
 * so the API itself stays free of plugin-framework types.
 */
package dev.dgan.api;
